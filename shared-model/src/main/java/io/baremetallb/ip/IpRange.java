package io.baremetallb.ip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An inclusive range of addresses of one family, {@code first-last}. */
public record IpRange(IpAddress first, IpAddress last) {

  public IpRange {
    if (first.family() != last.family()) {
      throw new IllegalArgumentException("range " + first + "-" + last + " mixes IPv4 and IPv6");
    }
    if (first.compareTo(last) > 0) {
      throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
    }
  }

  public static IpRange single(IpAddress a) {
    return new IpRange(a, a);
  }

  /** Parses {@code a-b} (spaces around the dash allowed, as MetalLB allows). */
  public static IpRange parse(String text) {
    String t = text == null ? "" : text.trim();
    int dash = t.indexOf('-');
    if (dash < 0) {
      throw new IpFormatException(t, "a range is written first-last, e.g. 192.0.2.5-192.0.2.9");
    }
    IpAddress a = IpAddress.parse(t.substring(0, dash).trim());
    IpAddress b = IpAddress.parse(t.substring(dash + 1).trim());
    if (a.family() != b.family()) {
      throw new IpFormatException(t, "range mixes " + a.family() + " and " + b.family());
    }
    if (a.compareTo(b) > 0) {
      throw new IpFormatException(t, "range ends before it starts");
    }
    return new IpRange(a, b);
  }

  /**
   * Parses one entry of a pool's {@code addresses}: a CIDR ({@code 192.0.2.0/24}) or a range
   * ({@code 192.0.2.5-192.0.2.9}), as MetalLB accepts them.
   */
  public static IpRange parsePoolEntry(String text) {
    String t = text == null ? "" : text.trim();
    if (t.indexOf('-') >= 0) {
      return parse(t);
    }
    if (t.indexOf('/') >= 0) {
      return Cidr.parse(t).toRange();
    }
    throw new IpFormatException(t, "expected a CIDR (192.0.2.0/24) or a range (192.0.2.5-192.0.2.9)");
  }

  public IpFamily family() {
    return first.family();
  }

  /** Number of addresses, exactly. */
  public BigInteger size() {
    return last.toBigInteger().subtract(first.toBigInteger()).add(BigInteger.ONE);
  }

  public boolean contains(IpAddress a) {
    return a.family() == family() && first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
  }

  public boolean overlaps(IpRange o) {
    return o.family() == family() && first.compareTo(o.last) <= 0 && o.first.compareTo(last) <= 0;
  }

  /** The smallest list of CIDRs that covers exactly this range, in address order. */
  public List<Cidr> toCidrs() {
    List<Cidr> out = new ArrayList<>();
    int bits = family().bits();
    BigInteger cur = first.toBigInteger();
    BigInteger end = last.toBigInteger();
    while (cur.compareTo(end) <= 0) {
      int alignBits = cur.signum() == 0 ? bits : cur.getLowestSetBit();
      int sizeBits = end.subtract(cur).add(BigInteger.ONE).bitLength() - 1;
      int host = Math.min(Math.min(alignBits, sizeBits), bits);
      out.add(new Cidr(IpAddress.of(family(), cur), bits - host));
      cur = cur.add(BigInteger.ONE.shiftLeft(host));
    }
    return out;
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }
}
