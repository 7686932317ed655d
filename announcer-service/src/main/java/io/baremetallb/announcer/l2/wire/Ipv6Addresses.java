package io.baremetallb.announcer.l2.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** IPv6 address helpers for neighbour discovery. */
public final class Ipv6Addresses {
  public static final int LENGTH = 16;
  /** ff02::1, the link-local all-nodes group (RFC 4291 §2.7.1). */
  public static final Inet6Address ALL_NODES = of(new byte[] {
      (byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  /** ::, the source of a duplicate address detection probe (RFC 4862 §5.4.2). */
  public static final Inet6Address UNSPECIFIED = of(new byte[LENGTH]);

  private Ipv6Addresses() {
  }

  public static Inet6Address of(byte[] sixteen) {
    if (sixteen.length != LENGTH) {
      throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + sixteen.length);
    }
    try {
      // getByAddress with a host name of null never resolves; Inet6Address.getByAddress keeps
      // IPv4-mapped addresses as Inet6Address, which the wire needs.
      return Inet6Address.getByAddress(null, sixteen, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }

  static Inet6Address read(ByteBuffer in) {
    byte[] a = new byte[LENGTH];
    in.get(a);
    return of(a);
  }

  /** ff02::1:ffXX:XXXX, where a solicitation for {@code target} is sent (RFC 4291 §2.7.1). */
  public static Inet6Address solicitedNode(Inet6Address target) {
    byte[] t = target.getAddress();
    byte[] a = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, t[13], t[14], t[15]};
    return of(a);
  }

  /** 33:33 followed by the low 32 bits of a multicast group (RFC 2464 §7). */
  public static MacAddress multicastMac(InetAddress group) {
    byte[] g = group.getAddress();
    long low = ((g[12] & 0xffL) << 24) | ((g[13] & 0xffL) << 16) | ((g[14] & 0xffL) << 8) | (g[15] & 0xffL);
    return new MacAddress(0x3333_0000_0000L | low);
  }
}
