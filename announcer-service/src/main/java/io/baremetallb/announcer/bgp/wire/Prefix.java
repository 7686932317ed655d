package io.baremetallb.announcer.bgp.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP prefix as carried in NLRI and withdrawn routes. Host bits are cleared on construction,
 * so two spellings of one prefix are equal.
 */
public record Prefix(InetAddress address, int length) implements Comparable<Prefix> {
  public Prefix {
    byte[] raw = address.getAddress();
    if (length < 0 || length > raw.length * 8) {
      throw new IllegalArgumentException("prefix length " + length + " out of range for " + address.getHostAddress());
    }
    address = masked(raw, length);
  }

  public static Prefix parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a prefix (no '/'): " + cidr);
    }
    try {
      return new Prefix(InetAddress.getByName(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix: " + cidr, e);
    }
  }

  public Afi afi() {
    return Afi.of(address);
  }

  /** Bytes this prefix takes in NLRI: one length octet plus the significant address octets. */
  public int encodedLength() {
    return 1 + (length + 7) / 8;
  }

  @Override
  public int compareTo(Prefix o) {
    byte[] a = address.getAddress();
    byte[] b = o.address.getAddress();
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    int c = java.util.Arrays.compareUnsigned(a, b);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + length;
  }

  private static InetAddress masked(byte[] raw, int length) {
    for (int i = 0; i < raw.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      raw[i] &= (byte) (0xff << (8 - keep));
    }
    return Nlri.address(raw);
  }
}
