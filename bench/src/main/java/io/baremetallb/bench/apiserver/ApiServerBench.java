package io.baremetallb.bench.apiserver;

import com.google.gson.reflect.TypeToken;
import io.baremetallb.localcluster.apiserver.ApiServer;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.Watch;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run apiserver}: the embedded API server's ceiling as our services meet it, through client-java.
 * <ul>
 *   <li>{@code apiserver_creates_per_s}: LoadBalancer Services one client creates per second, one request at a time
 *   (each gets a cluster IP allocated; {@code allocateLoadBalancerNodePorts: false}, as MetalLB users may set, because
 *   the 2,768 node ports would run out before the runs end).</li>
 *   <li>{@code apiserver_watch_latency_ms_p99}: from just before a create is sent to the moment a client-java watch
 *   of the namespace has decoded its ADDED event, 99th percentile.</li>
 * </ul>
 * {@code --quick} runs fewer iterations. Everything runs in this process on 127.0.0.1.
 */
public final class ApiServerBench {
    private record Sizes(int warmup, int creates, int watched) {
    }

    private ApiServerBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Sizes sizes = quick ? new Sizes(100, 500, 300) : new Sizes(500, 3000, 2000);
        try (LocalCluster cluster = new LocalCluster(ApiServer.start(ApiServer.Options.defaults()))) {
            ApiClient client = cluster.newApiClient();
            CoreV1Api core = new CoreV1Api(client);
            for (String ns : List.of("warmup", "creates", "watched")) {
                core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
            }
            createAll(core, "warmup", sizes.warmup());
            long start = System.nanoTime();
            createAll(core, "creates", sizes.creates());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("METRIC apiserver_creates_per_s=%.1f /s%n", sizes.creates() / seconds);
            double p99 = watchLatencyP99(cluster, core, sizes.watched());
            System.out.printf("METRIC apiserver_watch_latency_ms_p99=%.3f ms%n", p99);
        }
    }

    /** Creates {@code svc-0..count-1} in {@code ns}, one request at a time (shared with the ipam benchmark). */
    public static void createAll(CoreV1Api core, String ns, int count) throws ApiException {
        for (int i = 0; i < count; i++) {
            core.createNamespacedService(ns, service("svc-" + i)).execute();
        }
    }

    /** The LoadBalancer Service every benchmark creates: no node ports, one port 80. */
    public static V1Service service(String name) {
        return new V1Service().metadata(new V1ObjectMeta().name(name)).spec(new V1ServiceSpec().type("LoadBalancer")
                .allocateLoadBalancerNodePorts(false).selector(Map.of("app", name))
                .ports(List.of(new V1ServicePort().port(80))));
    }

    /** Creates {@code count} Services one after another while a watch reports them; returns the p99 in ms. */
    private static double watchLatencyP99(LocalCluster cluster, CoreV1Api core, int count) throws Exception {
        long[] sent = new long[count];
        Map<String, Long> seen = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(count);
        String rv = core.listNamespacedService("watched").execute().getMetadata().getResourceVersion();
        ApiClient watchClient = cluster.newApiClient();
        CoreV1Api watchApi = new CoreV1Api(watchClient);
        Watch<V1Service> watch = Watch.createWatch(watchClient, watchApi.listNamespacedService("watched").watch(true)
                .resourceVersion(rv).timeoutSeconds(600).buildCall(null),
                new TypeToken<Watch.Response<V1Service>>() { }.getType());
        Thread reader = new Thread(() -> read(watch, seen, all), "bench-watch");
        reader.setDaemon(true);
        reader.start();
        for (int i = 0; i < count; i++) {
            sent[i] = System.nanoTime();
            core.createNamespacedService("watched", service("svc-" + i)).execute();
        }
        if (!all.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the watch reported " + (count - all.getCount()) + " of " + count
                    + " creates within 120 s");
        }
        watch.close();
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (seen.get("svc-" + i) - sent[i]) / 1e6;
        }
        Arrays.sort(latencies);
        return latencies[(int) Math.ceil(0.99 * count) - 1];
    }

    private static void read(Watch<V1Service> watch, Map<String, Long> seen, CountDownLatch all) {
        try {
            for (Watch.Response<V1Service> event : watch) {
                if ("ADDED".equals(event.type) && seen.putIfAbsent(event.object.getMetadata().getName(),
                        System.nanoTime()) == null) {
                    all.countDown();
                }
            }
        } catch (RuntimeException e) {
            if (all.getCount() > 0) {
                System.err.println("apiserver bench: watch ended early: " + e);
            }
        } finally {
            try {
                watch.close();
            } catch (IOException e) {
                // closing a finished watch
            }
        }
    }
}
