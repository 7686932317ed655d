package io.baremetallb.localcluster.junit;

import io.baremetallb.localcluster.apiserver.ApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A running embedded API server as a test sees it: its kubeconfig, base URL and a client-java {@link ApiClient}
 * whose read timeout is off, so informer watches stay open.
 */
public final class LocalCluster implements AutoCloseable {
    private final ApiServer server;
    private ApiClient client;
    private boolean closed;

    /** Wraps a server started with options of the caller's choosing; closing this closes it. */
    public LocalCluster(ApiServer server) {
        this.server = server;
    }

    public static LocalCluster start() {
        try {
            return new LocalCluster(ApiServer.start(ApiServer.Options.defaults()));
        } catch (IOException e) {
            throw new UncheckedIOException("starting the embedded API server", e);
        }
    }

    public ApiServer server() {
        return server;
    }

    public Path kubeconfig() {
        return server.kubeconfig();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** One shared client per cluster; build more with {@link #newApiClient()}. */
    public synchronized ApiClient apiClient() {
        if (client == null) {
            client = newApiClient();
        }
        return client;
    }

    public ApiClient newApiClient() {
        try {
            ApiClient c = Config.fromConfig(kubeconfig().toString());
            c.setHttpClient(c.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kubeconfig " + kubeconfig(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }
}
