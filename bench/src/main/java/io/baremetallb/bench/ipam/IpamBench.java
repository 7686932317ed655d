package io.baremetallb.bench.ipam;

import io.baremetallb.bench.apiserver.ApiServerBench;
import io.baremetallb.ipam.k8s.IpamController;
import io.baremetallb.ipam.k8s.IpamSettings;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * {@code bench/run ipam}: the IPAM service's Kubernetes side ({@link IpamController}, run in this process, not on
 * Liberty) against the embedded API server, side by side with that API server alone.
 * <ol>
 *   <li>API server alone (its own instance, closed afterwards): {@code large} Services created one at a time by one
 *   client ({@link ApiServerBench#createAll}); {@code apiserver_creates_per_s}.</li>
 *   <li>A fresh API server plus the controller, pool {@code 2001:db8:1::/112}; Services ask for {@code [IPv6]}.
 *   A warm-up batch, then {@code small} Services one at a time: create → first watch event with
 *   {@code status.loadBalancer.ingress}, p50 and p99. Then {@code large} more: time from the first create until the
 *   watch has seen an address on every one; the ratio to the API server alone accepting as many creates.</li>
 *   <li>The JVM's RSS (API server, controller and bench together), then a restart: close the controller, start a new
 *   one, until it allocates and a new Service has an address; statuses compared before and after.</li>
 * </ol>
 * {@code --quick}: 100 warm-up, 200 small, 1,000 large; otherwise 200, 1,000, 10,000.
 *
 * <p>Not on Liberty: the issue asks for the service running on Liberty, and this bench runs the same
 * {@link IpamController} the Liberty application creates, but in the bench's JVM. Driving a Liberty
 * server would need bench/run to create and start one (today only the liberty-maven-plugin does, in
 * the module's integration-test phase) and would add a process boundary and Liberty's HTTP to the
 * figures; that is still to do. The allocation-latency histogram
 * ({@code baremetallb_allocation_latency_seconds} on {@code /metrics}) measures the same interval
 * inside a Liberty server, from event seen to status written.
 */
public final class IpamBench {
    private static final String POOL = "2001:db8:1::/112";
    private static final long TIMEOUT_S = 600;

    private record Sizes(int warmup, int small, int large) {
    }

    private IpamBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Sizes sizes = quick ? new Sizes(100, 200, 1_000) : new Sizes(200, 1_000, 10_000);
        System.out.println("ipam bench: IpamController in-process (not on Liberty), embedded API server in the same JVM");
        double apiSeconds = apiServerAlone(sizes);
        System.out.printf("METRIC apiserver_creates_per_s=%.1f /s%n", sizes.large() / apiSeconds);
        System.out.println("ipam bench: create -> status is two API-server hops (create -> controller's watch, "
                + "status write -> bench's watch); apiserver_watch_latency_ms is one hop, from the same kind of run");
        try (LocalCluster cluster = LocalCluster.start()) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            configure(core);
            IpamController ctl = startController(cluster, "bench-0");
            try (StatusWatch watch = new StatusWatch(cluster)) {
                createAndMeasure(core, watch, "ipam-warmup", sizes.warmup());
                long gc0 = gcMillis();
                double[] lat = createAndMeasure(core, watch, "ipam-small", sizes.small());
                System.out.printf("METRIC ipam_small_gc_ms=%d ms%n", gcMillis() - gc0);
                System.out.printf("METRIC ipam_status_latency_ms_p50=%.3f ms%n", percentile(lat, 0.50));
                System.out.printf("METRIC ipam_status_latency_ms_p99=%.3f ms%n", percentile(lat, 0.99));
                long t0 = System.nanoTime();
                double[] largeLat = createAndMeasure(core, watch, "ipam-large", sizes.large());
                System.out.printf("METRIC ipam_10k_creates_accepted_s=%.3f s%n", (watch.lastCreateReturned() - t0) / 1e9);
                double total = (lastAddressed(watch, "ipam-large", sizes.large()) - t0) / 1e9;
                System.out.printf("METRIC ipam_large_count=%d services%n", sizes.large());
                System.out.printf("METRIC ipam_large_status_latency_ms_p99=%.3f ms%n", percentile(largeLat, 0.99));
                System.out.printf("METRIC ipam_10k_total_s=%.3f s%n", total);
                System.out.printf("METRIC apiserver_10k_accept_s=%.3f s%n", apiSeconds);
                System.out.printf("METRIC ipam_vs_apiserver_ratio=%.3f x%n", total / apiSeconds);
                System.out.printf("METRIC ipam_api_writes=%d writes%n", ctl.updates());
                System.out.printf("METRIC ipam_api_write_errors=%d writes%n", ctl.updateErrors());
                System.out.printf("METRIC ipam_rss_mib=%.1f MiB%n", rssMib());
                System.out.printf("METRIC ipam_heap_after_gc_mib=%.1f MiB%n", heapAfterGcMib());
                System.out.println("ipam bench: RSS and heap are this whole JVM: API server, controller, watch and bench");
                restart(cluster, core, watch, ctl);
            }
        }
        System.exit(0);
    }

    /** Seconds the API server alone needs to accept {@code large} creates, after a warm-up batch. */
    private static double apiServerAlone(Sizes sizes) throws Exception {
        try (LocalCluster cluster = LocalCluster.start()) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            namespace(core, "warmup");
            namespace(core, "creates");
            ApiServerBench.createAll(core, "warmup", sizes.warmup());
            try (StatusWatch watch = new StatusWatch(cluster)) {
                double[] hop = createAndTime(core, "small", sizes.small(), watch::firstSeenAt,
                        keys -> watch.awaitSeen(keys, TIMEOUT_S));
                System.out.printf("METRIC apiserver_watch_latency_ms_p50=%.3f ms%n", percentile(hop, 0.50));
                System.out.printf("METRIC apiserver_watch_latency_ms_p99=%.3f ms%n", percentile(hop, 0.99));
            }
            long start = System.nanoTime();
            ApiServerBench.createAll(core, "creates", sizes.large());
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void configure(CoreV1Api core) throws ApiException {
        namespace(core, "metallb-system");
        String config = "address-pools:\n- name: bench\n  protocol: layer2\n  addresses:\n  - " + POOL + "\n";
        core.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
                .metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
                .data(Map.of("config", config))).execute();
    }

    private static IpamController startController(LocalCluster cluster, String identity) throws InterruptedException {
        IpamSettings settings = IpamSettings.defaults(identity).withNamespace("metallb-system")
                .withLeaderElection(false, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        IpamController ctl = new IpamController(cluster.newApiClient(), settings);
        ctl.start();
        await("controller " + identity + " allocating", ctl::allocating);
        return ctl;
    }

    /** Creates {@code count} IPv6 LoadBalancer Services one at a time; create → address latencies in ms. */
    private static double[] createAndMeasure(CoreV1Api core, StatusWatch watch, String ns, int count)
            throws ApiException, InterruptedException {
        return createAndTime(core, ns, count, watch::addressedAt, keys -> {
            watch.createsReturned();
            watch.awaitAll(keys, TIMEOUT_S);
        });
    }

    private interface Await {
        void all(List<String> keys) throws InterruptedException;
    }

    /** Creates {@code count} Services one at a time; create → {@code seenAt} latencies in ms. */
    private static double[] createAndTime(CoreV1Api core, String ns, int count,
            java.util.function.Function<String, Long> seenAt, Await await) throws ApiException, InterruptedException {
        namespace(core, ns);
        long[] sent = new long[count];
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(ns + "/svc-" + i);
            sent[i] = System.nanoTime();
            core.createNamespacedService(ns, ipv6Service("svc-" + i)).execute();
        }
        await.all(keys);
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (seenAt.apply(keys.get(i)) - sent[i]) / 1e6;
        }
        return latencies;
    }

    private static V1Service ipv6Service(String name) {
        V1Service s = ApiServerBench.service(name);
        s.getSpec().ipFamilies(List.of("IPv6"));
        return s;
    }

    private static long lastAddressed(StatusWatch watch, String ns, int count) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            last = Math.max(last, watch.addressedAt(ns + "/svc-" + i));
        }
        return last;
    }

    /** Close the controller, start a new one; until it allocates and a new Service has an address. */
    private static void restart(LocalCluster cluster, CoreV1Api core, StatusWatch watch, IpamController old)
            throws Exception {
        Map<String, String> before = statuses(core);
        old.close();
        long t0 = System.nanoTime();
        IpamController again = startController(cluster, "bench-1");
        try {
            namespace(core, "ipam-restart");
            core.createNamespacedService("ipam-restart", ipv6Service("after-restart")).execute();
            watch.awaitAll(List.of("ipam-restart/after-restart"), TIMEOUT_S);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, String> after = statuses(core);
            String fresh = after.remove("ipam-restart/after-restart");
            System.out.printf("METRIC ipam_restart_services=%d services%n", before.size());
            System.out.printf("METRIC ipam_restart_restore_s=%.3f s%n", seconds);
            System.out.printf("METRIC ipam_restart_changed=%d%n", changed(before, after));
            System.out.println("ipam bench: after the restart the new Service got " + fresh);
        } finally {
            again.close();
        }
    }

    private static Map<String, String> statuses(CoreV1Api core) throws ApiException {
        Map<String, String> out = new TreeMap<>();
        for (V1Service s : core.listServiceForAllNamespaces().execute().getItems()) {
            out.put(StatusWatch.key(s), StatusWatch.ingress(s));
        }
        return out;
    }

    private static long changed(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).count();
    }

    private static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }

    private static double rssMib() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static double heapAfterGcMib() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    private static void namespace(CoreV1Api core, String name) throws ApiException {
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + TIMEOUT_S + " s waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
