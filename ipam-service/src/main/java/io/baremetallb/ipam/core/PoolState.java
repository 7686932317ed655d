package io.baremetallb.ipam.core;

import io.baremetallb.ip.AddressSet;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpRange;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceAllocation;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One pool as the allocator sees it: its usable addresses per family (with {@code avoidBuggyIPs}
 * the IPv4 .0 and .255 of every /24 are left out once, here, so no search ever has to skip them),
 * the subset that is free (neither held by a Service nor reserved), and how many of its addresses
 * Services hold. The free addresses are a {@link FreeAddresses} per family.
 */
final class PoolState {
  private final AddressPool pool;
  private final Map<IpFamily, AddressSet> usable = new EnumMap<>(IpFamily.class);
  private final Map<IpFamily, FreeAddresses> free = new EnumMap<>(IpFamily.class);
  private final BigInteger total;
  private final Map<IpFamily, Long> inUse = new EnumMap<>(IpFamily.class);

  PoolState(AddressPool pool) {
    this.pool = pool;
    BigInteger n = BigInteger.ZERO;
    for (IpFamily f : IpFamily.values()) {
      AddressSet merged = AddressSet.of(pool.ranges().stream().filter(r -> r.family() == f).toList());
      AddressSet s = merged.copy();
      if (pool.avoidBuggyIps() && f == IpFamily.IPV4) {
        removeBuggy(s);
      }
      usable.put(f, s);
      free.put(f, new FreeAddresses(f, merged.ranges(), s, pool.avoidBuggyIps()));
      n = n.add(s.size());
      inUse.put(f, 0L);
    }
    this.total = n;
  }

  /** Removes x.y.z.0 and x.y.z.255 of every /24 the set touches; old CPE firmware takes them for broadcasts. */
  private static void removeBuggy(AddressSet s) {
    for (IpRange r : s.ranges()) {
      for (long block = r.first().lo() >>> 8; block <= r.last().lo() >>> 8; block++) {
        s.remove(IpAddress.v4(block << 8));
        s.remove(IpAddress.v4((block << 8) | 0xFF));
      }
    }
  }

  AddressPool pool() {
    return pool;
  }

  String name() {
    return pool.name();
  }

  ServiceAllocation serviceAllocation() {
    return pool.serviceAllocation();
  }

  /** True when the pool limits which Services may use it (namespaces or selectors). */
  boolean restricted() {
    ServiceAllocation a = pool.serviceAllocation();
    return !a.namespaces().isEmpty() || !a.namespaceSelectors().isEmpty() || !a.serviceSelectors().isEmpty();
  }

  boolean admits(ServiceRequest r) {
    return pool.serviceAllocation().allows(r.namespace(), r.namespaceLabels(), r.serviceLabels());
  }

  boolean hasFamily(IpFamily f) {
    return !usable.get(f).isEmpty();
  }

  /** Whether {@code ip} is one of the pool's usable addresses (buggy ones are not, with avoidBuggyIPs). */
  boolean contains(IpAddress ip) {
    return usable.get(ip.family()).contains(ip);
  }

  Optional<IpAddress> lowestFree(IpFamily f) {
    return free.get(f).first();
  }

  /** Marks an address taken (a no-op if it is not free). */
  void take(IpAddress ip) {
    free.get(ip.family()).take(ip);
  }

  /** Returns an address of this pool to the free ones (the ledger calls it when the last user leaves). */
  void putBack(IpAddress ip) {
    free.get(ip.family()).putBack(ip);
  }

  /** One more (delta 1) or one fewer (-1) of the family's addresses is held by a Service. */
  void countUse(IpFamily f, int delta) {
    inUse.merge(f, (long) delta, Long::sum);
  }

  long inUse() {
    return inUse.get(IpFamily.IPV4) + inUse.get(IpFamily.IPV6);
  }

  long inUse(IpFamily f) {
    return inUse.get(f);
  }

  BigInteger total() {
    return total;
  }

  BigInteger total(IpFamily f) {
    return usable.get(f).size();
  }

  /** Free addresses counted from the free sets themselves; O(intervals), for checks and tests. */
  BigInteger freeCountedFromSets() {
    return free.get(IpFamily.IPV4).count().add(free.get(IpFamily.IPV6).count());
  }
}
