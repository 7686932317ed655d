package io.baremetallb.ip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A mutable set of addresses kept as disjoint, non-adjacent intervals in a sorted map, so that
 * membership, the lowest member, adding and removing one address all cost O(log n) in the number
 * of intervals, whatever the number of addresses (an IPv6 /64 is one interval). Not thread-safe.
 */
public final class AddressSet {
  /** Interval start → interval end (inclusive). Invariant: disjoint and never adjacent. */
  private final TreeMap<IpAddress, IpAddress> intervals = new TreeMap<>();

  public AddressSet() {
  }

  public static AddressSet of(List<IpRange> ranges) {
    AddressSet s = new AddressSet();
    ranges.forEach(s::add);
    return s;
  }

  public AddressSet copy() {
    AddressSet s = new AddressSet();
    s.intervals.putAll(intervals);
    return s;
  }

  public boolean isEmpty() {
    return intervals.isEmpty();
  }

  public boolean contains(IpAddress a) {
    Map.Entry<IpAddress, IpAddress> e = intervals.floorEntry(a);
    return e != null && e.getKey().family() == a.family() && e.getValue().compareTo(a) >= 0;
  }

  /** The lowest address in the set. */
  public Optional<IpAddress> first() {
    return intervals.isEmpty() ? Optional.empty() : Optional.of(intervals.firstKey());
  }

  /** The lowest address of {@code family} in the set. */
  public Optional<IpAddress> first(IpFamily family) {
    IpAddress start = family == IpFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
    return ceiling(start).filter(a -> a.family() == family);
  }

  /** The lowest address in the set that is ≥ {@code a}. */
  public Optional<IpAddress> ceiling(IpAddress a) {
    Map.Entry<IpAddress, IpAddress> e = intervals.floorEntry(a);
    if (e != null && e.getValue().compareTo(a) >= 0) {
      return Optional.of(a);
    }
    return Optional.ofNullable(intervals.higherKey(a));
  }

  /** Adds one address; returns false when it was already there. */
  public boolean add(IpAddress a) {
    if (contains(a)) {
      return false;
    }
    add(IpRange.single(a));
    return true;
  }

  /** Removes one address; returns false when it was not there. */
  public boolean remove(IpAddress a) {
    if (!contains(a)) {
      return false;
    }
    remove(IpRange.single(a));
    return true;
  }

  /** Adds every address of {@code r}, merging with overlapping and adjacent intervals. */
  public void add(IpRange r) {
    IpAddress start = r.first();
    IpAddress end = r.last();
    Map.Entry<IpAddress, IpAddress> below = intervals.floorEntry(start);
    if (below != null && below.getKey().family() == start.family()
        && (below.getValue().compareTo(start) >= 0 || adjacent(below.getValue(), start))) {
      start = below.getKey();
      end = max(end, below.getValue());
    }
    while (true) {
      Map.Entry<IpAddress, IpAddress> next = intervals.ceilingEntry(start);
      if (next == null || next.getKey().family() != start.family()
          || (next.getKey().compareTo(end) > 0 && !adjacent(end, next.getKey()))) {
        break;
      }
      end = max(end, next.getValue());
      intervals.remove(next.getKey());
    }
    intervals.put(start, end);
  }

  /** Removes every address of {@code r}, splitting intervals as needed. */
  public void remove(IpRange r) {
    Map.Entry<IpAddress, IpAddress> below = intervals.lowerEntry(r.first());
    if (below != null && below.getValue().compareTo(r.first()) >= 0) {
      intervals.put(below.getKey(), r.first().previous());
      if (below.getValue().compareTo(r.last()) > 0) {
        intervals.put(r.last().next(), below.getValue());
        return;
      }
    }
    while (true) {
      Map.Entry<IpAddress, IpAddress> e = intervals.ceilingEntry(r.first());
      if (e == null || e.getKey().compareTo(r.last()) > 0) {
        return;
      }
      intervals.remove(e.getKey());
      if (e.getValue().compareTo(r.last()) > 0) {
        intervals.put(r.last().next(), e.getValue());
        return;
      }
    }
  }

  /** The intervals, in address order. */
  public List<IpRange> ranges() {
    List<IpRange> out = new ArrayList<>(intervals.size());
    intervals.forEach((s, e) -> out.add(new IpRange(s, e)));
    return out;
  }

  /** Number of intervals (not addresses). */
  public int intervalCount() {
    return intervals.size();
  }

  /** Number of addresses, exactly; costs O(intervals). */
  public BigInteger size() {
    BigInteger n = BigInteger.ZERO;
    for (Map.Entry<IpAddress, IpAddress> e : intervals.entrySet()) {
      n = n.add(e.getValue().toBigInteger().subtract(e.getKey().toBigInteger())).add(BigInteger.ONE);
    }
    return n;
  }

  private static boolean adjacent(IpAddress end, IpAddress start) {
    return end.family() == start.family() && !end.isMax() && end.next().equals(start);
  }

  private static IpAddress max(IpAddress a, IpAddress b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressSet s && s.intervals.equals(intervals);
  }

  @Override
  public int hashCode() {
    return intervals.hashCode();
  }

  @Override
  public String toString() {
    return ranges().toString();
  }
}
