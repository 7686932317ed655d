package io.baremetallb.bench.alloc;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.AllocationResult;
import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.ServiceRequest;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Allocator cost: one operation is an allocate followed by a release of the same Service, on a
 * pool that is half full in the most fragmented way: every other address is held by a Service
 * (so the free set is n/2 separate one-address intervals, the worst case for an interval set).
 * IPv4 pools of 2^8, 2^16 and 2^20 addresses; an IPv6 /64, where half of 2^64 cannot be filled,
 * holds every other address of its first 2^20 (2^19 Services, like the 2^20 IPv4 pool) and is
 * otherwise empty. Each allocation therefore takes the lowest free address, which sits between
 * two held ones. One thread, as the reconciler calls the allocator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocBench {
  @Param({"2e8", "2e16", "2e20", "v6_64"})
  public String pool;

  private Allocator allocator;
  private ServiceRequest probe;

  @Setup(Level.Trial)
  public void fillHalf() {
    IpFamily family = pool.startsWith("v6") ? IpFamily.IPV6 : IpFamily.IPV4;
    String cidr = switch (pool) {
      case "2e8" -> "10.0.0.0/24";
      case "2e16" -> "10.0.0.0/16";
      case "2e20" -> "10.0.0.0/12";
      case "v6_64" -> "2001:db8:0:1::/64";
      default -> throw new IllegalArgumentException("unknown pool size " + pool);
    };
    allocator = new Allocator();
    allocator.setPools(List.of(AddressPool.of("bench", cidr)));
    int held = family == IpFamily.IPV6 ? 1 << 19 : 1 << (Integer.parseInt(pool.substring(2)) - 1);
    IpAddress first = IpAddress.parse(cidr.substring(0, cidr.indexOf('/')));
    for (int i = 0; i < held; i++) {
      IpAddress ip = family == IpFamily.IPV4 ? IpAddress.v4(first.lo() + 2L * i) : IpAddress.v6(first.hi(), 2L * i);
      ServiceRequest r = ServiceRequest.of(new ServiceKey("bench", "held-" + i), family).withRequestedIps(ip);
      if (!(allocator.allocate(r) instanceof Allocated)) {
        throw new IllegalStateException("could not fill " + ip);
      }
    }
    probe = ServiceRequest.of(new ServiceKey("bench", "probe"), family);
    // Settle the half million holdings into the old generation now, not during measurement.
    System.gc();
  }

  @Benchmark
  public AllocationResult allocateAndRelease() {
    AllocationResult r = allocator.allocate(probe);
    allocator.release(probe.service());
    return r;
  }

  public static void main(String[] args) throws RunnerException {
    boolean quick = Arrays.asList(args).contains("--quick");
    Options opts = new OptionsBuilder()
        .include(AllocBench.class.getName() + ".allocateAndRelease")
        .forks(quick ? 1 : 2)
        // Generous warmup: on a busy machine the JIT's compiler threads get little CPU, and the
        // allocator ran interpreted for the first ~10 s in our runs.
        .warmupIterations(10)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .jvmArgsAppend("-Xmx3g")
        .build();
    Collection<RunResult> results = new Runner(opts).run();
    Map<String, Double> ns = new HashMap<>();
    for (RunResult rr : results) {
      ns.put(rr.getParams().getParam("pool"), rr.getPrimaryResult().getScore());
    }
    System.out.println("# one op = allocate + release of one Service; pools half full, every other address held");
    for (String p : List.of("2e8", "2e16", "2e20", "v6_64")) {
      System.out.printf(Locale.ROOT, "METRIC alloc_ns_per_op_%s=%.1f ns%n", p, ns.get(p));
    }
    System.out.printf(Locale.ROOT, "METRIC alloc_growth_2e8_to_2e20=%.2f x%n", ns.get("2e20") / ns.get("2e8"));
    System.out.printf(Locale.ROOT, "METRIC alloc_pairs_per_s_2e16=%.0f /s%n", 1e9 / ns.get("2e16"));
  }
}
