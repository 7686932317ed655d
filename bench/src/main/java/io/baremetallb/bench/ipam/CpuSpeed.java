package io.baremetallb.bench.ipam;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast this JVM's CPU is at one moment: the thread CPU time of a fixed piece of work (strings, a hash map,
 * allocation, as the API server's own work), the least of three tries. This machine's CPU changes speed by up to
 * two times for tens of seconds at a time (the same work took 11 ms, then 19-25 ms, then 11 ms again), so phases
 * measured a minute apart can see different machines; timing each phase's own calibration, before and after it,
 * says whether they did. Thread CPU time, not wall time, so that other threads busy on the same CPU (the API
 * server still writing Events after a burst) do not count as a slower CPU.
 */
final class CpuSpeed {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private CpuSpeed() {
    }

    /** Milliseconds of this thread's CPU the fixed work takes now (least of three). */
    static double millis() {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            sink += work();
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        return best;
    }

    /** Compiles the work, so that the first calibration does not time the interpreter. */
    static void warmUp() {
        for (int i = 0; i < 20; i++) {
            sink += work();
        }
    }

    private static long work() {
        Map<String, Integer> m = new HashMap<>();
        long h = 0;
        for (int i = 0; i < 100_000; i++) {
            String k = "svc-" + (i % 4096);
            m.merge(k, i, Integer::sum);
            h += k.hashCode();
        }
        return h + m.size();
    }
}
