package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpFamily;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A pool's counters, exact at any size (an IPv6 /64 has 2^64 addresses), per address family; the
 * pool's are their sums.
 *
 * @param families the counters of each family; a family the pool has no addresses of counts zero
 */
public record PoolStats(String pool, Map<IpFamily, Family> families) {

  /**
   * One family's counters.
   *
   * @param total usable addresses (with avoidBuggyIPs, without the .0 and .255 of each /24)
   * @param inUse addresses held by at least one Service (a shared address counts once)
   * @param reserved addresses reserved and not held by a Service
   * @param free {@code total - inUse - reserved}
   */
  public record Family(BigInteger total, long inUse, long reserved, BigInteger free) {
    public static final Family NONE = new Family(BigInteger.ZERO, 0, 0, BigInteger.ZERO);

    /** The counters of {@code total} addresses of which {@code inUse} and {@code reserved} are taken. */
    public static Family of(BigInteger total, long inUse, long reserved) {
      return new Family(total, inUse, reserved, total.subtract(BigInteger.valueOf(inUse + reserved)));
    }
  }

  public PoolStats {
    EnumMap<IpFamily, Family> all = new EnumMap<>(IpFamily.class);
    for (IpFamily f : IpFamily.values()) {
      all.put(f, families.getOrDefault(f, Family.NONE));
    }
    families = Collections.unmodifiableMap(all);
  }

  public Family family(IpFamily f) {
    return families.get(f);
  }

  /** Usable addresses of both families. */
  public BigInteger total() {
    return family(IpFamily.IPV4).total().add(family(IpFamily.IPV6).total());
  }

  /** Addresses held by at least one Service. */
  public long inUse() {
    return family(IpFamily.IPV4).inUse() + family(IpFamily.IPV6).inUse();
  }

  /** Addresses reserved and not held by a Service. */
  public long reserved() {
    return family(IpFamily.IPV4).reserved() + family(IpFamily.IPV6).reserved();
  }

  /** {@code total - inUse - reserved}. */
  public BigInteger free() {
    return family(IpFamily.IPV4).free().add(family(IpFamily.IPV6).free());
  }
}
