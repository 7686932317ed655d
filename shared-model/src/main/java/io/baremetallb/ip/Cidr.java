package io.baremetallb.ip;

import java.math.BigInteger;

/**
 * A prefix {@code network/length}. Like Go's {@code net.ParseCIDR}, which MetalLB uses, parsing
 * accepts host bits and clears them: {@code 192.0.2.7/24} is {@code 192.0.2.0/24}.
 */
public record Cidr(IpAddress network, int prefixLength) {

  public Cidr {
    int bits = network.family().bits();
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + bits);
    }
    network = mask(network, prefixLength);
  }

  /** Parses {@code address/length}; the message of the exception names the text and the problem. */
  public static Cidr parse(String text) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IpFormatException(t, "a CIDR needs a prefix length, e.g. 192.0.2.0/24");
    }
    IpAddress address = IpAddress.parse(t.substring(0, slash));
    String len = t.substring(slash + 1);
    int bits = address.family().bits();
    if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IpFormatException(t, "prefix length \"" + len + "\" is not a number");
    }
    int n = Integer.parseInt(len);
    if (n > bits) {
      throw new IpFormatException(t, "prefix length " + n + " is longer than " + bits + " bits");
    }
    return new Cidr(address, n);
  }

  /** The prefix of the given length that contains {@code address}. */
  public static Cidr containing(IpAddress address, int prefixLength) {
    return new Cidr(address, prefixLength);
  }

  public IpFamily family() {
    return network.family();
  }

  public IpAddress first() {
    return network;
  }

  public IpAddress last() {
    int bits = family().bits();
    int hostBits = bits - prefixLength;
    if (family() == IpFamily.IPV4) {
      return IpAddress.v4(network.lo() | (hostBits == 0 ? 0 : (0xFFFF_FFFFL >>> (32 - hostBits))));
    }
    long hiOnes = hostBits <= 64 ? 0 : (hostBits == 128 ? -1L : -1L >>> (128 - hostBits));
    long loOnes = hostBits == 0 ? 0 : (hostBits >= 64 ? -1L : -1L >>> (64 - hostBits));
    return IpAddress.v6(network.hi() | hiOnes, network.lo() | loOnes);
  }

  /** Number of addresses, exactly (an IPv6 /64 has 2^64). */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(family().bits() - prefixLength);
  }

  public boolean contains(IpAddress a) {
    return a.family() == family() && mask(a, prefixLength).equals(network);
  }

  public IpRange toRange() {
    return new IpRange(first(), last());
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }

  static IpAddress mask(IpAddress a, int prefixLength) {
    if (a.isV4()) {
      long m = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
      return IpAddress.v4(a.lo() & m);
    }
    long hiMask = prefixLength >= 64 ? -1L : (prefixLength == 0 ? 0 : -1L << (64 - prefixLength));
    long loMask = prefixLength <= 64 ? 0 : (prefixLength == 128 ? -1L : -1L << (128 - prefixLength));
    return IpAddress.v6(a.hi() & hiMask, a.lo() & loMask);
  }
}
