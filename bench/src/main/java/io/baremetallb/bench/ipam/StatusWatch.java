package io.baremetallb.bench.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A watch of every Service in the cluster that notes, per {@code namespace/name}, the {@link System#nanoTime()}
 * at which it first read an event whose {@code status.loadBalancer.ingress} holds an address. The call is
 * client-java's; the event lines are read as JSON trees, not decoded into models: the bench shares the machine
 * with what it measures, and decoding three whole Services per Service created cost more CPU than the API
 * server's own handling of them.
 */
final class StatusWatch implements AutoCloseable {
    private final Map<String, Long> addressed = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Call call;
    private final Response response;
    private volatile boolean closing;
    private volatile long lastCreateReturned;

    StatusWatch(LocalCluster cluster) throws Exception {
        ApiClient client = cluster.newApiClient();
        CoreV1Api api = new CoreV1Api(client);
        String rv = api.listServiceForAllNamespaces().execute().getMetadata().getResourceVersion();
        call = api.listServiceForAllNamespaces().watch(true).resourceVersion(rv).timeoutSeconds(7200).buildCall(null);
        response = call.execute();
        if (!response.isSuccessful()) {
            throw new IOException("watching Services: HTTP " + response.code());
        }
        Thread reader = new Thread(this::read, "bench-status-watch");
        reader.setDaemon(true);
        reader.start();
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
        int missing;
        while ((missing = (int) keys.stream().filter(k -> !seen.containsKey(k)).count()) > 0) {
            if (System.nanoTime() > end) {
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

    private void read() {
        try (BufferedSource in = response.body().source()) {
            String line;
            while ((line = in.readUtf8Line()) != null) {
                long now = System.nanoTime();
                JsonNode object = JSON.readTree(line).path("object");
                JsonNode meta = object.path("metadata");
                if (!meta.has("name")) {
                    continue; // a BOOKMARK or an ERROR
                }
                String key = meta.path("namespace").asText() + "/" + meta.path("name").asText();
                firstSeen.putIfAbsent(key, now);
                if (object.path("status").path("loadBalancer").path("ingress").path(0).hasNonNull("ip")) {
                    addressed.putIfAbsent(key, now);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("ipam bench: the status watch ended early: " + e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        call.cancel();
        response.close();
    }
}
