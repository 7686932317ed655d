package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local-cluster apiserver}: runs the API server in the foreground until Ctrl-C.
 * Options: {@code --port N} (0 = any free port), {@code --data-dir D}, {@code --kubeconfig-out F},
 * {@code --token-file F}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ApiServer.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("apiserver: " + e.getMessage());
            System.err.println("usage: local-cluster apiserver [--port N] [--data-dir DIR] [--kubeconfig-out FILE]"
                    + " [--token-file FILE]");
            System.exit(2);
            return;
        }
        ApiServer server = ApiServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "local-cluster-shutdown"));
        awaitAnswer(server);
        System.out.println("KUBECONFIG=" + server.kubeconfig().toAbsolutePath());
        System.out.println("apiserver: serving " + server.baseUrl()
                + (options.dataDir() == null ? " (in memory)" : " (data in " + options.dataDir() + ")"));
        System.out.println("apiserver: try  export KUBECONFIG=" + server.kubeconfig().toAbsolutePath()
                + "; kubectl get svc -A   (Ctrl-C stops the server)");
        System.out.flush();
        stopped.await();
    }

    /** Returns once /readyz answers, so the KUBECONFIG line is a promise that the server is up. */
    private static void awaitAnswer(ApiServer server) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/readyz")).build();
        HttpResponse<String> r = client.send(ready, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("apiserver at " + server.baseUrl() + " answered /readyz with " + r.statusCode());
        }
    }

    static ApiServer.Options parse(String[] args) {
        ApiServer.Options o = ApiServer.Options.defaults().withPort(6443);
        boolean kubeconfigGiven = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> o = o.withPort(port(value));
                case "--data-dir" -> o = o.withDataDir(Path.of(value));
                case "--kubeconfig-out" -> {
                    o = o.withKubeconfig(Path.of(value));
                    kubeconfigGiven = true;
                }
                case "--token-file" -> o = o.withTokenFile(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (!kubeconfigGiven) {
            Path base = o.dataDir() != null ? o.dataDir() : Path.of(System.getProperty("java.io.tmpdir"));
            o = o.withKubeconfig(base.resolve("local-cluster.kubeconfig"));
        }
        return o;
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("--port " + value + " is not in 0..65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port " + value + " is not a number");
        }
    }
}
