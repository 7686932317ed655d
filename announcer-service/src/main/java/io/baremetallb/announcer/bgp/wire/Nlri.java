package io.baremetallb.announcer.bgp.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encoding of prefixes in NLRI, withdrawn routes and MP_(UN)REACH_NLRI (RFC 4271 §4.3, RFC 4760 §5). */
public final class Nlri {
  private Nlri() {
  }

  /**
   * Decodes prefixes of one family filling all of {@code buf}. A bad length octet or a prefix that
   * runs past the field is the error {@code subcode} of UPDATE Message Error (RFC 7606 §5.3: the
   * NLRI cannot be parsed, so the session must be reset).
   */
  public static List<Prefix> decode(ByteBuffer buf, Afi afi, int subcode, String field) {
    List<Prefix> out = new ArrayList<>();
    WireReader r = new WireReader(buf, ErrorCode.UPDATE_MESSAGE, subcode, field);
    while (r.hasRemaining()) {
      int len = r.u8();
      if (len > afi.maxPrefixLength()) {
        throw new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, subcode,
            field + ": prefix length " + len + " exceeds " + afi.maxPrefixLength());
      }
      byte[] raw = new byte[afi.addressLength()];
      byte[] sig = r.bytes((len + 7) / 8);
      System.arraycopy(sig, 0, raw, 0, sig.length);
      out.add(new Prefix(address(raw), len));
    }
    return out;
  }

  // 1 byte : length in bits
  // n bytes: ceil(length / 8) significant octets of the address
  public static void encode(ByteBuffer out, List<Prefix> prefixes) {
    for (Prefix p : prefixes) {
      out.put((byte) p.length());
      out.put(p.address().getAddress(), 0, (p.length() + 7) / 8);
    }
  }

  public static int encodedLength(List<Prefix> prefixes) {
    int n = 0;
    for (Prefix p : prefixes) {
      n += p.encodedLength();
    }
    return n;
  }

  /**
   * 16 bytes always make an Inet6Address: InetAddress.getByAddress would turn an IPv4-mapped
   * IPv6 address (::ffff:a.b.c.d, a common next hop for IPv6 over an IPv4 session) into IPv4.
   */
  static InetAddress address(byte[] raw) {
    try {
      return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + raw.length + " bytes", e);
    }
  }
}
