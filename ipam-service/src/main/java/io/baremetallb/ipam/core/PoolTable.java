package io.baremetallb.ipam.core;

import io.baremetallb.ip.AddressSet;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpRange;
import io.baremetallb.model.AddressPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The configured pools in a fixed order: pools with a priority first, lowest number first, then
 * pools without one; ties by name. Never map order, so the same config always gives the same
 * addresses. Also answers "which pool is this IP in" in O(log ranges).
 */
final class PoolTable {
  static final Comparator<AddressPool> ORDER = Comparator
      .comparing((AddressPool p) -> p.serviceAllocation().priority().isPresent() ? 0 : 1)
      .thenComparingInt(p -> p.serviceAllocation().priority().orElse(0))
      .thenComparing(AddressPool::name);

  private final List<PoolState> ordered = new ArrayList<>();
  private final Map<String, PoolState> byName = new HashMap<>();
  /** Start of each merged range of every pool → its end and pool. Pools never overlap. */
  private final TreeMap<IpAddress, Span> index = new TreeMap<>();

  private record Span(IpAddress last, PoolState pool) {
  }

  /** Throws IllegalArgumentException naming the pools when two share a name or an address. */
  PoolTable(List<AddressPool> pools) {
    for (AddressPool p : pools.stream().sorted(ORDER).toList()) {
      PoolState s = new PoolState(p);
      if (byName.putIfAbsent(p.name(), s) != null) {
        throw new IllegalArgumentException("two pools are named \"" + p.name() + "\"");
      }
      ordered.add(s);
      for (IpRange r : AddressSet.of(p.ranges()).ranges()) {
        Span clash = index.putIfAbsent(r.first(), new Span(r.last(), s));
        if (clash != null) {
          throw new IllegalArgumentException("pools \"" + clash.pool().name() + "\" and \"" + p.name()
              + "\" overlap at " + r.first());
        }
      }
    }
    checkNoOverlap();
  }

  private void checkNoOverlap() {
    Map.Entry<IpAddress, Span> prev = null;
    for (Map.Entry<IpAddress, Span> e : index.entrySet()) {
      if (prev != null && prev.getKey().family() == e.getKey().family()
          && prev.getValue().last().compareTo(e.getKey()) >= 0) {
        throw new IllegalArgumentException("pools \"" + prev.getValue().pool().name() + "\" and \""
            + e.getValue().pool().name() + "\" overlap at " + e.getKey());
      }
      prev = e;
    }
  }

  List<PoolState> ordered() {
    return ordered;
  }

  Optional<PoolState> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The pool whose usable addresses include {@code ip}, if any. */
  PoolState poolOf(IpAddress ip) {
    Map.Entry<IpAddress, Span> e = index.floorEntry(ip);
    if (e == null || e.getValue().last().compareTo(ip) < 0) {
      return null;
    }
    PoolState p = e.getValue().pool();
    return p.contains(ip) ? p : null;
  }

  /** The one pool that holds all of {@code ips}, or null. */
  PoolState poolOfAll(List<IpAddress> ips) {
    PoolState p = ips.isEmpty() ? null : poolOf(ips.get(0));
    for (IpAddress ip : ips) {
      if (p == null || poolOf(ip) != p) {
        return null;
      }
    }
    return p;
  }

  /** Why {@link #poolOfAll} found no pool for {@code ips}, as the end of a sentence. */
  String whyNotInOnePool(List<IpAddress> ips) {
    for (IpAddress ip : ips) {
      if (poolOf(ip) == null) {
        return ip.isBuggyV4() && index.floorEntry(ip) != null && index.floorEntry(ip).getValue().last().compareTo(ip) >= 0
            ? "include " + ip + ", which its pool skips (avoidBuggyIPs: no .0 or .255 addresses)"
            : "include " + ip + ", which is in no pool";
      }
    }
    return "are in different pools (" + ips.stream().map(ip -> ip + " in " + poolOf(ip).name())
        .collect(Collectors.joining(", ")) + "); both families must come from one pool";
  }
}
