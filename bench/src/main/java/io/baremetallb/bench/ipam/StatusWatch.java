package io.baremetallb.bench.ipam;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Service;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Notes, per {@code namespace/name}, the {@link System#nanoTime()} at which a Service was first seen at all and
 * first seen with an address in {@code status.loadBalancer.ingress}. Two sources:
 * <ul>
 *   <li>{@link #overHttp}: a watch of every Service through client-java's call, as a client sees them. Of each event
 *   line only the key and the address are read ({@link Seen}), not models or trees. It still costs the API server
 *   an encoded event per change and this JVM a parse of each: measured on 2026-12-07, 0.08 ms of CPU per Service
 *   on the CPU the API server runs on, a third of what the API server spends to create one.</li>
 *   <li>{@link #inProcess}: the embedded API server's observer ({@code ApiServer.observe}), told of each stored
 *   change on the thread that made it: the instant the status is written, at a cost of a map lookup. A phase that
 *   compares the server under the controller's load with the server alone uses it, so that neither carries the
 *   bench's own watch.</li>
 * </ul>
 */
final class StatusWatch implements AutoCloseable {
    private final Map<String, Long> addressed = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private AutoCloseable source;
    private volatile boolean closing;
    private volatile long lastCreateReturned;

    private StatusWatch() {
    }

    /** Watches every Service over HTTP, as a client does, from the current resourceVersion. */
    static StatusWatch overHttp(LocalCluster cluster) throws Exception {
        StatusWatch w = new StatusWatch();
        ApiClient client = cluster.newApiClient();
        CoreV1Api api = new CoreV1Api(client);
        String rv = api.listServiceForAllNamespaces().execute().getMetadata().getResourceVersion();
        Call call = api.listServiceForAllNamespaces().watch(true).resourceVersion(rv).timeoutSeconds(7200).buildCall(null);
        Response response = call.execute();
        if (!response.isSuccessful()) {
            response.close();
            throw new IOException("watching Services: HTTP " + response.code());
        }
        w.source = () -> {
            call.cancel();
            response.close();
        };
        Thread reader = new Thread(() -> w.read(response), "bench-status-watch");
        reader.setDaemon(true);
        reader.start();
        return w;
    }

    /** Observes every stored change to a Service inside the embedded API server, from now on. */
    static StatusWatch inProcess(LocalCluster cluster) {
        StatusWatch w = new StatusWatch();
        w.source = cluster.server().observe("services", e -> {
            JsonNode meta = e.object().path("metadata");
            JsonNode ip = e.object().path("status").path("loadBalancer").path("ingress").path(0).path("ip");
            w.note(meta.path("namespace").asText() + "/" + meta.path("name").asText(), ip.isTextual(), System.nanoTime());
        });
        return w;
    }

    private void note(String key, boolean hasAddress, long now) {
        firstSeen.putIfAbsent(key, now);
        if (hasAddress) {
            addressed.putIfAbsent(key, now);
        }
    }

    /** Notes that the bench's last create of a batch has returned (the API server accepted it). */
    void createsReturned() {
        lastCreateReturned = System.nanoTime();
    }

    long lastCreateReturned() {
        return lastCreateReturned;
    }

    /** When {@code key} was first seen with an address, or null if not yet. */
    Long addressedAt(String key) {
        return addressed.get(key);
    }

    /** When {@code key} was first seen in any event (its creation, for the API server alone), or null. */
    Long firstSeenAt(String key) {
        return firstSeen.get(key);
    }

    /** Waits until every key has an address; fails naming how many are missing. */
    void awaitAll(List<String> keys, long timeoutSeconds) throws InterruptedException {
        awaitAll(keys, timeoutSeconds, addressed);
    }

    /** Waits until the watch has seen every key at all. */
    void awaitSeen(List<String> keys, long timeoutSeconds) throws InterruptedException {
        awaitAll(keys, timeoutSeconds, firstSeen);
    }

    private static void awaitAll(List<String> keys, long timeoutSeconds, Map<String, Long> seen)
            throws InterruptedException {
        long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int seenUpTo = 0; // keys before this index have been seen: each is looked up until seen, not every 5 ms
        while (true) {
            while (seenUpTo < keys.size() && seen.containsKey(keys.get(seenUpTo))) {
                seenUpTo++;
            }
            if (seenUpTo == keys.size()) {
                return;
            }
            if (System.nanoTime() > end) {
                long missing = keys.stream().filter(k -> !seen.containsKey(k)).count();
                throw new IllegalStateException(missing + " of " + keys.size() + " Services had no address after "
                        + timeoutSeconds + " s");
            }
            Thread.sleep(5);
        }
    }

    /** The addresses in a Service's status, comma-separated; empty when it has none. */
    static String ingress(V1Service s) {
        if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        return s.getStatus().getLoadBalancer().getIngress().stream().map(V1LoadBalancerIngress::getIp)
                .collect(Collectors.joining(","));
    }

    static String key(V1Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    }

    private void read(Response response) {
        try (BufferedSource in = response.body().source()) {
            byte[] line;
            while (!in.exhausted()) {
                long end = in.indexOf((byte) '\n');
                line = end < 0 ? in.readByteArray() : in.readByteArray(end + 1);
                long now = System.nanoTime();
                Seen seen = Seen.of(line);
                if (seen.key() != null) { // null: a BOOKMARK or an ERROR
                    note(seen.key(), seen.addressed(), now);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("ipam bench: the status watch ended early: " + e);
            }
        }
    }

    /**
     * What the bench needs of one watch line: the object's {@code namespace/name} (null when it has none) and
     * whether {@code status.loadBalancer.ingress[0].ip} is set. Only those fields are bound (the records below);
     * the parser skips everything else without building it, because this thread shares the API server's CPU:
     * a tree per line cost about 18 us.
     */
    record Seen(String key, boolean addressed) {
        private record Line(Item object) {
        }

        private record Item(Meta metadata, Status status) {
        }

        private record Meta(String namespace, String name) {
        }

        private record Status(LoadBalancer loadBalancer) {
        }

        private record LoadBalancer(List<Ingress> ingress) {
        }

        private record Ingress(String ip) {
        }

        private static final ObjectReader LINE = JSON.readerFor(Line.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        static Seen of(byte[] line) throws IOException {
            Item item = LINE.<Line>readValue(line).object();
            if (item == null) {
                return new Seen(null, false);
            }
            Meta m = item.metadata();
            String key = m == null || m.name() == null ? null : m.namespace() + "/" + m.name();
            List<Ingress> ingress = item.status() == null || item.status().loadBalancer() == null ? null
                    : item.status().loadBalancer().ingress();
            return new Seen(key, ingress != null && !ingress.isEmpty() && ingress.get(0) != null
                    && ingress.get(0).ip() != null);
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        source.close();
    }
}
