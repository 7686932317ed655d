package io.baremetallb.model;

import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpRange;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An address pool, whichever source it came from (a legacy {@code address-pools} entry or an
 * IPAddressPool). How its addresses are announced (layer 2 or BGP) is not part of the pool: the
 * config model expresses it with advertisements, as MetalLB's CRDs do.
 *
 * @param name unique pool name
 * @param addresses the entries as the user wrote them ({@code 192.0.2.0/24}, {@code a-b}), in order
 * @param ranges the parsed entries, same order
 * @param autoAssign false: only Services that name the pool or request one of its IPs get addresses
 * @param avoidBuggyIps skip IPv4 addresses ending in .0 and .255
 * @param serviceAllocation which Services may use it, and its priority
 */
public record AddressPool(
    String name,
    List<String> addresses,
    List<IpRange> ranges,
    boolean autoAssign,
    boolean avoidBuggyIps,
    ServiceAllocation serviceAllocation) {

  public AddressPool {
    Objects.requireNonNull(name, "name");
    addresses = List.copyOf(addresses);
    ranges = List.copyOf(ranges);
    Objects.requireNonNull(serviceAllocation, "serviceAllocation");
    if (addresses.size() != ranges.size()) {
      throw new IllegalArgumentException("pool " + name + ": " + addresses.size() + " entries but " + ranges.size() + " ranges");
    }
  }

  /** A pool of the given entries (CIDRs or ranges), auto-assigned, unrestricted. */
  public static AddressPool of(String name, String... entries) {
    List<String> a = List.of(entries);
    return new AddressPool(name, a, a.stream().map(IpRange::parsePoolEntry).toList(), true, false,
        ServiceAllocation.UNRESTRICTED);
  }

  public AddressPool withAutoAssign(boolean v) {
    return new AddressPool(name, addresses, ranges, v, avoidBuggyIps, serviceAllocation);
  }

  public AddressPool withAvoidBuggyIps(boolean v) {
    return new AddressPool(name, addresses, ranges, autoAssign, v, serviceAllocation);
  }

  public AddressPool withServiceAllocation(ServiceAllocation v) {
    return new AddressPool(name, addresses, ranges, autoAssign, avoidBuggyIps, v);
  }

  /** The families the pool has addresses of. */
  public Set<IpFamily> families() {
    Set<IpFamily> f = EnumSet.noneOf(IpFamily.class);
    ranges.forEach(r -> f.add(r.family()));
    return f;
  }

  /** Number of addresses of {@code family} in the pool, exactly (entries may overlap; counted once). */
  public BigInteger size(IpFamily family) {
    return io.baremetallb.ip.AddressSet.of(ranges.stream().filter(r -> r.family() == family).toList()).size();
  }
}
