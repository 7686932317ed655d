package io.baremetallb.bench.ipam;

import io.baremetallb.bench.apiserver.ApiServerBench;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code bench/run ipam}: the IPAM service on Liberty ({@link LibertyIpam}: the module's built server, run as a
 * child process) against the embedded API server in this JVM, side by side with that API server alone.
 * <ol>
 *   <li>JIT warm-up ({@code BENCH_JIT_WARMUP=0} skips it): half of {@code large} Services through a throwaway API
 *   server, each created, status-patched and given an Event as the controller does, with a watch open; then a wait
 *   until the compiler is idle. Both measured phases then see this JVM's code compiled; without it the compiler
 *   spent 2-4 s of CPU inside each of them, a different amount every run.</li>
 *   <li>API server alone (its own instance, closed afterwards): {@code small} Services in a closed loop, create →
 *   an HTTP watch's event (one hop, {@code apiserver_watch_latency_ms_*}); then {@code large} created back to back
 *   by one client ({@link ApiServerBench#createAll}), nobody watching: {@code apiserver_creates_per_s}.</li>
 *   <li>A fresh API server plus the controller, pool {@code 2001:db8:1::/112}; Services ask for {@code [IPv6]}.
 *   The bench sees the statuses through the API server's in-process observer ({@link StatusWatch#inProcess}), at
 *   the instant each is stored, and opens no watch of its own: the API server carries the controller's load and
 *   nothing else, as in the phase it is compared with. A warm-up batch, then {@code small} Services one at a time,
 *   each created once the one before has its address (a closed loop, so the figure is one Service's latency, not a
 *   queue's): create → status with {@code status.loadBalancer.ingress} stored, p50 and p99. Then {@code large}
 *   more, created back to back as fast as the API server accepts them: time from the first create until every one
 *   has its address stored; the ratio to the API server alone accepting as many creates. CPU time of both
 *   processes per Service in that phase ({@code ipam_cpu_ms_per_service}, {@code bench_jvm_cpu_ms_per_service}:
 *   API server and bench client) beside the API server alone's ({@code apiserver_alone_cpu_ms_per_service}) says
 *   which side's CPU the phase waits for.</li>
 *   <li>The Liberty server's RSS, then a restart: stop the server, start it again, until a new Service has an
 *   address; statuses compared before and after.</li>
 *   <li>The API server alone again ({@code apiserver_10k_accept_after_s}). The ratio ({@code ipam_vs_apiserver_ratio})
 *   is against the faster of the two runs, the conservative choice: this machine's speed changes within minutes
 *   (the same creates took 0.22 ms of CPU each in most runs and 0.42 or 0.55 ms in others), and a slow denominator
 *   makes ratios look better than they are; {@code ipam_vs_apiserver_ratio_first} is against the first run alone.
 *   Until 2026-12-07's fifth session the bench watched the statuses over HTTP in the IPAM's phase, and compared it also with the
 *   API server alone carrying the same watch; that watch cost the API server's CPU a third of a create per event.</li>
 * </ol>
 * {@code --quick}: 100 warm-up, 200 small, 1,000 large; otherwise 200, 1,000, 10,000.
 *
 * <p>CPUs: bench/run starts this JVM (API server and client) on the first half of the CPUs and the IPAM server
 * on the second ({@code taskset}), as a cluster runs the controller beside, not on, the API server's cores; the
 * API server has the same CPUs in both phases, and the ratio says how much the controller's work (its writes and
 * watches, served by the API server) slows the API server's creates, not how the machine's cores are shared.
 * {@code BENCH_PIN=0} lets all three share every CPU. This JVM runs with the services' own flags (C1 only,
 * SerialGC; bench/run sets them): with C2 its compiler recompiled for 1-4 s inside the measured phases even after
 * the warm-up, so the API server alone was sometimes slower than with the controller beside it.
 *
 * <p>The restart stops the server by its PID and starts it again, so its figure includes Liberty's own
 * start (about 7-15 s here). The allocation-latency histogram
 * ({@code baremetallb_allocation_latency_seconds} on {@code /metrics}) measures the controller's part
 * inside the server, from event seen to status written.
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
        Path root = Path.of(System.getProperty("bmlb.root", ".")).toAbsolutePath().normalize();
        System.out.println("ipam bench: the IPAM service on Liberty (its own process), embedded API server in the bench's JVM");
        System.out.println("ipam bench: IPAM server JVM options " + LibertyIpam.JVM_OPTIONS);
        System.out.println(LibertyIpam.CPUS == null
                ? "ipam bench: not pinned: the API server, the bench's client and the IPAM server share every CPU"
                : "ipam bench: API server and bench client on CPUs " + System.getProperty("bench.api.cpus")
                        + ", the IPAM server on CPUs " + LibertyIpam.CPUS + " (BENCH_PIN=0 to share)");
        if (!"0".equals(System.getenv("BENCH_JIT_WARMUP"))) {
            jitWarmUp(sizes.large() / 2);
        }
        CpuSpeed.warmUp();
        Timed before = apiServerAlone(sizes, "");
        double apiSeconds = before.seconds();
        System.out.printf("METRIC apiserver_creates_per_s=%.1f /s%n", sizes.large() / apiSeconds);
        System.out.println("ipam bench: create -> status is measured where the status is stored (the API server's "
                + "observer, no watch of the bench's): one watch hop to the controller, its work, its write; "
                + "apiserver_watch_latency_ms is one hop over HTTP, from the same kind of run");
        double total;
        double ipamCal;
        try (LocalCluster cluster = LocalCluster.start()) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            configure(core);
            try (LibertyIpam ipam = LibertyIpam.create(root, "ipam-bench", cluster.kubeconfig());
                    StatusWatch watch = StatusWatch.inProcess(cluster)) {
                ipam.start();
                createAndMeasure(core, watch, "ipam-warmup", sizes.warmup());
                double[] lat = createOneAtATime(core, "ipam-small", sizes.small(), watch::addressedAt,
                        key -> watch.awaitAll(List.of(key), TIMEOUT_S));
                printP50P99("ipam_status_latency_ms", lat);
                collectEarlierPhasesGarbage();
                double calBefore = CpuSpeed.millis();
                OwnCost bench = OwnCost.now();
                long ipamCpu0 = ipam.cpuMillis();
                long events0 = eventCreates(cluster);
                long t0 = System.nanoTime();
                double[] largeLat = createAndMeasure(core, watch, "ipam-large", sizes.large());
                long eventsInBurst = eventCreates(cluster) - events0;
                System.out.printf("METRIC ipam_10k_creates_accepted_s=%.3f s%n", (watch.lastCreateReturned() - t0) / 1e9);
                total = (latest(watch::addressedAt, "ipam-large", sizes.large()) - t0) / 1e9;
                ipamCal = calibration("ipam_large", calBefore, CpuSpeed.millis());
                System.out.printf("METRIC ipam_large_count=%d services%n", sizes.large());
                System.out.printf("METRIC ipam_cpu_ms_per_service=%.3f ms%n",
                        (ipam.cpuMillis() - ipamCpu0) / (double) sizes.large());
                bench.printPerService("bench_jvm", sizes.large());
                System.out.printf("METRIC ipam_large_status_latency_ms_p99=%.3f ms%n", percentile(largeLat, 0.99));
                System.out.printf("METRIC ipam_10k_total_s=%.3f s%n", total);
                System.out.printf("METRIC ipam_api_writes=%d writes%n", ipam.metric("metallb_k8s_client_updates_total"));
                System.out.printf("METRIC ipam_api_write_errors=%d writes%n",
                        ipam.metric("metallb_k8s_client_update_errors_total"));
                System.out.printf("METRIC ipam_events_in_burst=%d events%n", eventsInBurst);
                System.out.printf("METRIC ipam_events_done_after_s=%.3f s%n",
                        (awaitEventCreates(cluster, events0 + sizes.large()) - t0) / 1e9 - total);
                System.out.println("ipam bench: the controller writes an Event per Service, one per ten status writes while "
                        + "Services wait for addresses; ipam_events_done_after_s is how long after the last address the last "
                        + "of them was written");
                System.out.printf("METRIC ipam_rss_mib=%.1f MiB%n", ipam.rssMib());
                System.out.println("ipam bench: ipam_rss_mib is the Liberty server's JVM holding every Service");
                restart(core, watch, ipam);
            }
        }
        Timed after = apiServerAlone(sizes, "_after");
        double faster = Math.min(before.seconds(), after.seconds());
        System.out.printf("METRIC apiserver_10k_accept_s=%.3f s%n", before.seconds());
        System.out.printf("METRIC apiserver_10k_accept_after_s=%.3f s%n", after.seconds());
        System.out.printf("METRIC apiserver_alone_spread=%.3f x%n", Math.max(before.seconds(), after.seconds()) / faster);
        System.out.printf("METRIC ipam_vs_apiserver_ratio_first=%.3f x%n", total / apiSeconds);
        System.out.printf("METRIC ipam_vs_apiserver_ratio=%.3f x%n", total / faster);
        double[] cals = {before.cal(), ipamCal, after.cal()};
        System.out.printf("METRIC cpu_speed_spread=%.3f x%n",
                Arrays.stream(cals).max().orElseThrow() / Arrays.stream(cals).min().orElseThrow());
        double fasterAdjusted = Math.min(before.adjusted(), after.adjusted());
        System.out.printf("METRIC ipam_vs_apiserver_ratio_speed_adjusted=%.3f x%n", total / ipamCal / fasterAdjusted);
        System.out.println("ipam bench: cpu_speed_spread is how far apart the CPU's speed was across the measured phases "
                + "(CpuSpeed, before and after each); far above 1, the phases ran on a different machine and the ratio "
                + "says more about that than about the controller. ipam_vs_apiserver_ratio_speed_adjusted divides each "
                + "phase's time by its calibration");
        System.out.println("ipam bench: ipam_vs_apiserver_ratio is against the faster of the API server alone's two "
                + "runs (before and after the IPAM's), creates nobody watches; the IPAM's phase has no watch of the "
                + "bench's either. A spread far above 1 means the machine's speed changed during the run");
        System.exit(0);
    }

    /**
     * Runs the API server through the calls both measured phases make, in a cluster thrown away afterwards, so
     * that neither phase pays for this JVM's compilation of them: Service creates with a watch open, then for each
     * a status merge patch carrying an annotation and an Event, as the controller sends. Without it, the JIT
     * compiler took about 4 s of CPU inside each measured phase, in varying amounts.
     */
    private static void jitWarmUp(int count) throws Exception {
        long t0 = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(); StatusWatch watch = StatusWatch.overHttp(cluster)) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            namespace(core, "jit");
            for (int i = 0; i < count; i++) {
                String name = "svc-" + i;
                core.createNamespacedService("jit", ipv6Service(name)).execute();
                String patch = "{\"metadata\":{\"annotations\":{\"metallb.io/ip-allocated-from-pool\":\"bench\"}},"
                        + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"2001:db8:9::" + Integer.toHexString(i + 1)
                        + "\"}]}}}";
                io.kubernetes.client.util.PatchUtils.patch(V1Service.class,
                        () -> core.patchNamespacedServiceStatus(name, "jit", new io.kubernetes.client.custom.V1Patch(patch))
                                .buildCall(null),
                        io.kubernetes.client.custom.V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.apiClient());
                core.createNamespacedEvent("jit", new io.kubernetes.client.openapi.models.CoreV1Event()
                        .metadata(new V1ObjectMeta().namespace("jit").name(name + ".ipallocated"))
                        .involvedObject(new io.kubernetes.client.openapi.models.V1ObjectReference().kind("Service")
                                .namespace("jit").name(name))
                        .reason("IPAllocated").message("warm-up").type("Normal")).execute();
            }
            watch.awaitAll(List.of("jit/svc-" + (count - 1)), TIMEOUT_S);
        }
        double settled = awaitCompilerIdle();
        System.out.printf("ipam bench: JIT warm-up of this JVM's API server and client: %d Services, %.1f s, "
                + "then %.1f s until the compiler was idle%n", count, (System.nanoTime() - t0) / 1e9 - settled, settled);
    }

    /**
     * A full collection before a measured phase, as JMH does between iterations: this JVM's heap still holds the
     * objects of the phases before (the warm-up's and the API server alone's stores, thrown away), and without it
     * the IPAM phase paid for collecting them: two full collections of 0.24 and 0.37 s inside its 9 s.
     */
    private static void collectEarlierPhasesGarbage() {
        System.gc();
    }

    /** This JVM's CPU and collector milliseconds at one instant, to print a phase's cost per Service from. */
    private record OwnCost(long cpuMillis, long gcMillis) {
        static OwnCost now() throws java.io.IOException {
            return new OwnCost(LibertyIpam.cpuMillisOf(ProcessHandle.current().pid()), IpamBench.gcMillis());
        }

        /** {@code <prefix>_cpu_ms_per_service} and {@code <prefix>_gc_ms_per_service} since this instant. */
        void printPerService(String prefix, int services) throws java.io.IOException {
            OwnCost end = now();
            System.out.printf("METRIC %s_cpu_ms_per_service=%.3f ms%n", prefix,
                    (end.cpuMillis - cpuMillis) / (double) services);
            System.out.printf("METRIC %s_gc_ms_per_service=%.3f ms%n", prefix,
                    (end.gcMillis - gcMillis) / (double) services);
        }
    }

    private static void printP50P99(String name, double[] ms) {
        System.out.printf("METRIC %s_p50=%.3f ms%n", name, percentile(ms, 0.50));
        System.out.printf("METRIC %s_p99=%.3f ms%n", name, percentile(ms, 0.99));
    }

    /** Milliseconds this JVM's collectors have spent since it started. */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Waits (at most 60 s) until the JIT compiler spends under 5 % of a second compiling; the seconds waited. */
    private static double awaitCompilerIdle() throws InterruptedException {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long t0 = System.nanoTime();
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            Thread.sleep(1000);
            long now = jit.getTotalCompilationTime();
            if (now - before < 50) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A measured phase's seconds and the mean of the CPU calibrations around it ({@link CpuSpeed}, ms). */
    private record Timed(double seconds, double cal) {
        /** The seconds in units of the calibration: what the phase would take on a CPU of one speed. */
        double adjusted() {
            return seconds / cal;
        }
    }

    /** A phase's calibration: prints both ends, returns their mean. */
    private static double calibration(String phase, double before, double after) {
        System.out.printf("METRIC cpu_calibration_ms_%s=%.2f/%.2f ms%n", phase, before, after);
        return (before + after) / 2;
    }

    /**
     * The API server alone: {@code large} creates nobody watches, in a cluster of its own, after a warm-up batch
     * ({@code apiserver_10k_accept<suffix>_s}). The first run ({@code suffix} empty) also measures one watch hop
     * in a closed loop. The bench runs it before and after the IPAM's phases, because the machine's speed can
     * change within minutes: in some runs the same creates took nearly twice the CPU.
     */
    private static Timed apiServerAlone(Sizes sizes, String suffix) throws Exception {
        try (LocalCluster cluster = LocalCluster.start()) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            namespace(core, "warmup");
            namespace(core, "creates");
            ApiServerBench.createAll(core, "warmup", sizes.warmup());
            if (suffix.isEmpty()) {
                try (StatusWatch watch = StatusWatch.overHttp(cluster)) {
                    double[] hop = createOneAtATime(core, "small", sizes.small(), watch::firstSeenAt,
                            key -> watch.awaitSeen(List.of(key), TIMEOUT_S));
                    printP50P99("apiserver_watch_latency_ms", hop);
                }
            }
            collectEarlierPhasesGarbage();
            double calBefore = CpuSpeed.millis();
            OwnCost cost = OwnCost.now();
            long start = System.nanoTime();
            ApiServerBench.createAll(core, "creates", sizes.large());
            double seconds = (System.nanoTime() - start) / 1e9;
            cost.printPerService("apiserver_alone" + suffix, sizes.large());
            return new Timed(seconds, calibration("apiserver_alone" + suffix, calBefore, CpuSpeed.millis()));
        }
    }

    /** Event creates the API server has received so far. */
    private static long eventCreates(LocalCluster cluster) {
        return cluster.server().requestCount("create", "events");
    }

    /** Waits until the API server has received {@code target} Event creates; when it had them (nanoTime). */
    private static long awaitEventCreates(LocalCluster cluster, long target) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (eventCreates(cluster) < target) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the API server had " + eventCreates(cluster) + " Event creates of "
                        + target + " after " + TIMEOUT_S + " s");
            }
            Thread.sleep(10);
        }
        return System.nanoTime();
    }

    private static void configure(CoreV1Api core) throws ApiException {
        namespace(core, "metallb-system");
        String config = "address-pools:\n- name: bench\n  protocol: layer2\n  addresses:\n  - " + POOL + "\n";
        core.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
                .metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
                .data(Map.of("config", config))).execute();
    }

    /**
     * Creates {@code count} IPv6 LoadBalancer Services back to back (each create waits only for the API server),
     * then waits until all have addresses; create → address latencies in ms.
     */
    private static double[] createAndMeasure(CoreV1Api core, StatusWatch watch, String ns, int count)
            throws ApiException, InterruptedException {
        namespace(core, ns);
        long[] sent = new long[count];
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(ns + "/svc-" + i);
            sent[i] = System.nanoTime();
            core.createNamespacedService(ns, ipv6Service("svc-" + i)).execute();
        }
        watch.createsReturned();
        watch.awaitAll(keys, TIMEOUT_S);
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (watch.addressedAt(keys.get(i)) - sent[i]) / 1e6;
        }
        return latencies;
    }

    private interface AwaitOne {
        void key(String key) throws InterruptedException;
    }

    /**
     * A closed loop: creates a Service, waits until the watch reports it ({@code await}), then creates the next;
     * create → {@code seenAt} latencies in ms. The latency of one Service with the others already there, not the
     * queueing of a burst (the large phase measures that).
     */
    private static double[] createOneAtATime(CoreV1Api core, String ns, int count,
            java.util.function.Function<String, Long> seenAt, AwaitOne await) throws ApiException, InterruptedException {
        namespace(core, ns);
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            String key = ns + "/svc-" + i;
            long sent = System.nanoTime();
            core.createNamespacedService(ns, ipv6Service("svc-" + i)).execute();
            await.key(key);
            latencies[i] = (seenAt.apply(key) - sent) / 1e6;
        }
        return latencies;
    }

    private static V1Service ipv6Service(String name) {
        V1Service s = ApiServerBench.service(name);
        s.getSpec().ipFamilies(List.of("IPv6"));
        return s;
    }

    /** The latest of {@code at} over {@code ns/svc-0 .. svc-(count-1)}, every one of which the watch has seen. */
    private static long latest(java.util.function.Function<String, Long> at, String ns, int count) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            last = Math.max(last, at.apply(ns + "/svc-" + i));
        }
        return last;
    }

    /** Stop the Liberty server, start it again; until it is ready and a new Service has an address. */
    private static void restart(CoreV1Api core, StatusWatch watch, LibertyIpam ipam) throws Exception {
        Map<String, String> before = statuses(core);
        ipam.stop();
        long t0 = System.nanoTime();
        ipam.start();
        namespace(core, "ipam-restart");
        core.createNamespacedService("ipam-restart", ipv6Service("after-restart")).execute();
        watch.awaitAll(List.of("ipam-restart/after-restart"), TIMEOUT_S);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> after = statuses(core);
        String fresh = after.remove("ipam-restart/after-restart");
        System.out.printf("METRIC ipam_restart_services=%d services%n", before.size());
        System.out.printf("METRIC ipam_restart_restore_s=%.3f s%n", seconds);
        System.out.printf("METRIC ipam_restart_changed=%d%n", changed(before, after));
        System.out.println("ipam bench: the restart includes Liberty's own start; the new Service got " + fresh);
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

    private static void namespace(CoreV1Api core, String name) throws ApiException {
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
    }
}
