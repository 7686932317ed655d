package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the kubeconfig that client-java's {@code Config.fromConfig} and kubectl both read. */
public final class Kubeconfig {
    /** The bearer token in the kubeconfig; the server accepts any token, or none (see README). */
    public static final String TOKEN = "local-cluster-admin";

    private Kubeconfig() {
    }

    public static String render(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local-cluster
                  cluster:
                    server: %s
                contexts:
                - name: local-cluster
                  context:
                    cluster: local-cluster
                    user: local-cluster-admin
                    namespace: default
                current-context: local-cluster
                users:
                - name: local-cluster-admin
                  user:
                    token: %s
                """.formatted(server, TOKEN);
    }

    public static void write(Path file, String server) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "kubeconfig", ".tmp");
        Files.writeString(tmp, render(server));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
