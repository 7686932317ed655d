package io.baremetallb.ipam.core;

import io.baremetallb.ip.AddressSet;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpRange;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The free addresses of one pool and family, kept as interval sets per aligned chunk of 1024
 * addresses, so that taking and returning an address works on a tree of at most 512 intervals
 * whatever the pool's size: a half-full /12 costs about what a half-full /24 costs. A chunk is
 * split off ("touched") the first time one of its addresses is taken; until then its addresses
 * are free in {@code untouched}, one interval set for all untouched chunks, so an IPv6 /64 is
 * never enumerated. Lowest free address: the lower of the first touched chunk that has one
 * (a sorted set of chunk starts) and {@code untouched.first()}: O(log chunks).
 */
final class FreeAddresses {
  private static final long CHUNK_MASK = (1L << 10) - 1;

  private final IpFamily family;
  /** The pool's merged ranges of this family (start → end), before buggy addresses are left out. */
  private final TreeMap<IpAddress, IpAddress> ranges = new TreeMap<>();
  private final boolean avoidBuggy;
  private final AddressSet untouched;
  private final Map<Chunk, AddressSet> touched = new HashMap<>();
  private final TreeSet<IpAddress> touchedWithFree = new TreeSet<>();

  /**
   * All usable addresses free: {@code merged} are the pool's ranges of {@code family}, merged;
   * {@code usable} the same without the buggy addresses when {@code avoidBuggy}.
   */
  FreeAddresses(IpFamily family, List<IpRange> merged, AddressSet usable, boolean avoidBuggy) {
    this.family = family;
    merged.forEach(r -> ranges.put(r.first(), r.last()));
    this.avoidBuggy = avoidBuggy && family == IpFamily.IPV4;
    this.untouched = usable.copy();
  }

  Optional<IpAddress> first() {
    Optional<IpAddress> b = untouched.first();
    if (touchedWithFree.isEmpty()) {
      return b;
    }
    IpAddress a = touched.get(Chunk.of(touchedWithFree.first())).first().orElseThrow();
    return b.isPresent() && b.get().compareTo(a) < 0 ? b : Optional.of(a);
  }

  /** Marks {@code ip} taken; a no-op for an address that is not free. */
  void take(IpAddress ip) {
    IpAddress c = chunkOf(ip);
    AddressSet s = touched.get(Chunk.of(c));
    if (s == null) {
      s = split(c);
    }
    s.remove(IpRange.single(ip));
    if (s.isEmpty()) {
      touchedWithFree.remove(c);
    }
  }

  /** Returns {@code ip} (a usable address of this pool) to the free addresses. */
  void putBack(IpAddress ip) {
    IpAddress c = chunkOf(ip);
    AddressSet s = touched.get(Chunk.of(c));
    if (s == null) {
      return; // an untouched chunk: all its usable addresses are free already
    }
    boolean wasEmpty = s.isEmpty();
    s.add(IpRange.single(ip));
    if (wasEmpty) {
      touchedWithFree.add(c);
    }
  }

  /**
   * Moves chunk {@code c} out of {@code untouched}: its free addresses are its usable ones, i.e.
   * the pool's ranges cut to the chunk (O(log ranges) + the few that overlap it), without the
   * .0 and .255 of its four /24s when the pool avoids buggy IPs.
   */
  private AddressSet split(IpAddress c) {
    IpAddress end = family == IpFamily.IPV4 ? IpAddress.v4(c.lo() | CHUNK_MASK) : IpAddress.v6(c.hi(), c.lo() | CHUNK_MASK);
    AddressSet s = new AddressSet();
    IpAddress from = ranges.floorKey(c) == null ? c : ranges.floorKey(c);
    for (Map.Entry<IpAddress, IpAddress> r : ranges.subMap(from, true, end, true).entrySet()) {
      IpAddress lo = r.getKey().compareTo(c) < 0 ? c : r.getKey();
      IpAddress hi = r.getValue().compareTo(end) > 0 ? end : r.getValue();
      if (lo.compareTo(hi) <= 0) {
        s.add(new IpRange(lo, hi));
      }
    }
    if (avoidBuggy) {
      for (long block = c.lo(); block < end.lo(); block += 256) {
        s.remove(IpAddress.v4(block));
        s.remove(IpAddress.v4(block | 0xFF));
      }
    }
    untouched.remove(new IpRange(c, end));
    touched.put(Chunk.of(c), s);
    if (!s.isEmpty()) {
      touchedWithFree.add(c);
    }
    return s;
  }

  /**
   * A chunk's start as a hash key. IpAddress's own hash keeps the low bits of the address, which
   * are all zero for chunk starts, so 1024 chunks fell into 32 buckets; this one mixes them.
   */
  private record Chunk(long hi, long lo) {
    static Chunk of(IpAddress start) {
      return new Chunk(start.hi(), start.lo());
    }

    @Override
    public int hashCode() {
      long h = hi * 0x9E3779B97F4A7C15L ^ (lo >>> 10) * 0xC2B2AE3D27D4EB4FL;
      return (int) (h ^ (h >>> 32));
    }
  }

  private IpAddress chunkOf(IpAddress ip) {
    return family == IpFamily.IPV4 ? IpAddress.v4(ip.lo() & ~CHUNK_MASK) : IpAddress.v6(ip.hi(), ip.lo() & ~CHUNK_MASK);
  }

  /** Number of free addresses, from the sets themselves; O(intervals), for checks and tests. */
  BigInteger count() {
    BigInteger n = untouched.size();
    for (AddressSet s : touched.values()) {
      n = n.add(s.size());
    }
    return n;
  }
}
