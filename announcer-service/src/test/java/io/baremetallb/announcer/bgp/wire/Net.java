package io.baremetallb.announcer.bgp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address literals for BGP tests (getByName never resolves a literal). */
public final class Net {
  private Net() {
  }

  public static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  public static Inet4Address ip4(String literal) {
    return (Inet4Address) ip(literal);
  }

  public static Prefix p(String cidr) {
    return Prefix.parse(cidr);
  }
}
