package io.baremetallb.announcer.bgp.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one capability TLV reader and writer (RFC 5492 §4). Every capability shares the framing
 * (code, length, value); only the value differs, as in GoBGP's DefaultParameterCapability.
 */
final class CapabilityCodec {
  private CapabilityCodec() {
  }

  // 1 byte : capability code
  // 1 byte : capability length
  // n bytes: capability value
  static List<Capability> decodeAll(ByteBuffer buf) {
    List<Capability> out = new ArrayList<>();
    WireReader r = reader(buf, "capability TLV");
    while (r.hasRemaining()) {
      int code = r.u8();
      int len = r.u8();
      out.add(decodeValue(code, r.slice(len)));
    }
    return out;
  }

  private static Capability decodeValue(int code, ByteBuffer value) {
    int len = value.remaining();
    WireReader r = reader(value, "capability " + code);
    switch (code) {
      case Capability.MULTIPROTOCOL:
        exact(code, len, 4);
        int afi = r.u16();
        r.u8(); // reserved, ignored on receipt (RFC 4760 §8)
        return new Capability.MultiProtocol(new AfiSafi(afi, r.u8()));
      case Capability.ROUTE_REFRESH:
        exact(code, len, 0);
        return new Capability.RouteRefresh();
      case Capability.FOUR_OCTET_AS:
        exact(code, len, 4);
        return new Capability.FourOctetAs(r.u32());
      case Capability.GRACEFUL_RESTART:
        return decodeGracefulRestart(r, len);
      default:
        return new Capability.Unknown(code, r.bytes(len));
    }
  }

  // 4 bits : restart flags (R, N, reserved x2)     12 bits: restart time in seconds
  // then per family: 2 bytes AFI, 1 byte SAFI, 1 byte flags (F = 0x80)
  private static Capability decodeGracefulRestart(WireReader r, int len) {
    if (len < 2 || (len - 2) % 4 != 0) {
      throw malformed(Capability.GRACEFUL_RESTART, "length " + len + " is not 2 + 4n");
    }
    int head = r.u16();
    List<Capability.GrFamily> families = new ArrayList<>();
    while (r.hasRemaining()) {
      AfiSafi family = new AfiSafi(r.u16(), r.u8());
      families.add(new Capability.GrFamily(family, (r.u8() & 0x80) != 0));
    }
    return new Capability.GracefulRestart((head & 0x8000) != 0, (head & 0x4000) != 0, head & 0x0fff, families);
  }

  static void encode(ByteBuffer out, Capability c) {
    out.put((byte) c.code());
    int lenAt = out.position();
    out.put((byte) 0);
    encodeValue(out, c);
    out.put(lenAt, (byte) (out.position() - lenAt - 1));
  }

  private static void encodeValue(ByteBuffer out, Capability c) {
    if (c instanceof Capability.MultiProtocol mp) {
      out.putShort((short) mp.family().afi()).put((byte) 0).put((byte) mp.family().safi());
    } else if (c instanceof Capability.FourOctetAs as) {
      out.putInt((int) as.asn());
    } else if (c instanceof Capability.GracefulRestart gr) {
      int head = (gr.restarting() ? 0x8000 : 0) | (gr.notification() ? 0x4000 : 0) | gr.restartTimeSeconds();
      out.putShort((short) head);
      for (Capability.GrFamily f : gr.families()) {
        out.putShort((short) f.family().afi()).put((byte) f.family().safi()).put((byte) (f.forwardingPreserved() ? 0x80 : 0));
      }
    } else if (c instanceof Capability.Unknown u) {
      out.put(u.value());
    }
    // RouteRefresh has an empty value.
  }

  private static void exact(int code, int len, int want) {
    if (len != want) {
      throw malformed(code, "length " + len + ", expected " + want);
    }
  }

  private static BgpDecodeException malformed(int code, String why) {
    // RFC 4271 §6.2: no subcode fits a malformed capability value, so Unspecific (0) it is.
    return new BgpDecodeException(ErrorCode.OPEN_MESSAGE, 0, "capability " + code + ": " + why);
  }

  private static WireReader reader(ByteBuffer buf, String what) {
    return new WireReader(buf, ErrorCode.OPEN_MESSAGE, 0, what);
  }
}
