package io.baremetallb.helm;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the two requests Helm's {@code lookup "v1" "Secret" ns name} makes (discovery of the
 * core group, then GET of the Secret), so the tests control whether a memberlist Secret already
 * exists. The kubeconfig it writes is the one surefire passes to helm-java in KUBECONFIG.
 */
final class LookupServer {
    private static final String DISCOVERY = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
             {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""";
    private static final String NOT_FOUND = """
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""";
    private static final Map<String, JsonObject> SECRETS = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private LookupServer() {
    }

    /** Starts the server once and writes the kubeconfig that points at it. */
    static synchronized void ensureStarted() {
        if (started) {
            return;
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", LookupServer::handle);
            server.start();
            String path = System.getenv("KUBECONFIG");
            if (path == null) {
                throw new IllegalStateException("KUBECONFIG is not set: run the tests with Maven, whose surefire"
                        + " configuration (helm/pom.xml) points it at target/lookup-kubeconfig.yaml");
            }
            Path kubeconfig = Path.of(path);
            Files.createDirectories(kubeconfig.getParent());
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: lookup, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: lookup, user: {}}]
                    contexts: [{name: lookup, context: {cluster: lookup, user: lookup}}]
                    current-context: lookup
                    """.formatted(server.getAddress().getPort()));
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException("starting the lookup server", e);
        }
    }

    /** Makes the Secret exist (or, with null, not exist) for the next renderings. */
    static void secret(String namespace, String name, JsonObject secret) {
        if (secret == null) {
            SECRETS.remove(namespace + "/" + name);
        } else {
            SECRETS.put(namespace + "/" + name, secret);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (path.equals("/api/v1")) {
            reply(exchange, 200, DISCOVERY);
        } else if (parts.length == 7 && parts[3].equals("namespaces") && parts[5].equals("secrets")
                && SECRETS.containsKey(parts[4] + "/" + parts[6])) {
            reply(exchange, 200, SECRETS.get(parts[4] + "/" + parts[6]).toString());
        } else {
            reply(exchange, 404, NOT_FOUND);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
