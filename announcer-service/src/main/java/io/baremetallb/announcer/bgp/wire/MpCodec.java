package io.baremetallb.announcer.bgp.wire;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * MP_REACH_NLRI / MP_UNREACH_NLRI values (RFC 4760 §3, §4) for unicast IPv4 and IPv6. A
 * malformed one cannot be treated as withdraw (its NLRI is unknown), so RFC 7606 §7.11 resets.
 */
final class MpCodec {
  private MpCodec() {
  }

  // 2 bytes: AFI   1 byte: SAFI   1 byte: next hop length   n bytes: next hop(s)
  // 1 byte : reserved (was SNPA count)   rest: NLRI
  static PathAttribute.MpReach decodeReach(ByteBuffer v, byte[] raw) {
    WireReader r = reader(v, raw, "MP_REACH_NLRI");
    Afi afi = family(r.u16(), r.u8(), raw);
    int nhLen = r.u8();
    List<InetAddress> nextHops = new ArrayList<>(2);
    if (afi == Afi.IPV4 && nhLen == 4 || afi == Afi.IPV6 && nhLen == 16) {
      nextHops.add(Nlri.address(r.bytes(nhLen)));
    } else if (afi == Afi.IPV6 && nhLen == 32) {
      nextHops.add(Nlri.address(r.bytes(16)));   // global
      nextHops.add(Nlri.address(r.bytes(16)));   // link-local (RFC 2545 §3)
    } else {
      throw error(raw, "MP_REACH_NLRI next hop length " + nhLen + " is invalid for " + afi);
    }
    r.u8();
    return new PathAttribute.MpReach(afi, nextHops, nlri(v, afi, raw));
  }

  // 2 bytes: AFI   1 byte: SAFI   rest: withdrawn routes
  static PathAttribute.MpUnreach decodeUnreach(ByteBuffer v, byte[] raw) {
    WireReader r = reader(v, raw, "MP_UNREACH_NLRI");
    Afi afi = family(r.u16(), r.u8(), raw);
    return new PathAttribute.MpUnreach(afi, nlri(v, afi, raw));
  }

  static void encodeReach(ByteBuffer out, PathAttribute.MpReach m) {
    out.putShort((short) m.afi().shortValue()).put((byte) AfiSafi.SAFI_UNICAST);
    out.put((byte) (m.nextHops().size() * m.afi().addressLength()));
    for (InetAddress nh : m.nextHops()) {
      out.put(nextHopBytes(m.afi(), nh));
    }
    out.put((byte) 0);
    Nlri.encode(out, m.nlri());
  }

  static void encodeUnreach(ByteBuffer out, PathAttribute.MpUnreach m) {
    out.putShort((short) m.afi().shortValue()).put((byte) AfiSafi.SAFI_UNICAST);
    Nlri.encode(out, m.withdrawn());
  }

  /** An IPv4 next hop for IPv6 NLRI goes out IPv4-mapped, ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). */
  static byte[] nextHopBytes(Afi afi, InetAddress nh) {
    byte[] b = nh.getAddress();
    if (b.length == afi.addressLength()) {
      return b;
    }
    if (afi == Afi.IPV6 && b.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(b, 0, mapped, 12, 4);
      return mapped;
    }
    throw new IllegalArgumentException("next hop " + nh.getHostAddress() + " does not fit " + afi);
  }

  private static List<Prefix> nlri(ByteBuffer v, Afi afi, byte[] raw) {
    try {
      return Nlri.decode(v, afi, ErrorCode.OPTIONAL_ATTRIBUTE_ERROR, "NLRI in attribute");
    } catch (BgpDecodeException e) {
      throw error(raw, e.getMessage());
    }
  }

  private static Afi family(int afi, int safi, byte[] raw) {
    if ((afi != 1 && afi != 2) || safi != AfiSafi.SAFI_UNICAST) {
      throw error(raw, "AFI/SAFI " + afi + "/" + safi + " was not negotiated");
    }
    return Afi.valueOf(afi);
  }

  private static WireReader reader(ByteBuffer v, byte[] raw, String what) {
    return new WireReader(v, ErrorCode.UPDATE_MESSAGE, ErrorCode.OPTIONAL_ATTRIBUTE_ERROR, what);
  }

  private static BgpDecodeException error(byte[] raw, String why) {
    return new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, ErrorCode.OPTIONAL_ATTRIBUTE_ERROR, raw, why);
  }
}
