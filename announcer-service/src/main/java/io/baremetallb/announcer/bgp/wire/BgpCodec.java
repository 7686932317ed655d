package io.baremetallb.announcer.bgp.wire;

import java.net.Inet4Address;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes whole BGP messages, header included (RFC 4271 §4). Stateless; the
 * negotiated wire options come in as {@link CodecOptions}.
 */
public final class BgpCodec {
  private static final int OPT_PARAM_CAPABILITIES = 2; // RFC 5492 §4

  private BgpCodec() {
  }

  /**
   * Decodes one message (as cut by {@link BgpFramer}).
   *
   * @throws BgpDecodeException when the message must be answered with NOTIFICATION
   */
  public static DecodeResult decode(ByteBuffer frame, CodecOptions options) {
    ByteBuffer msg = frame.slice();
    if (msg.remaining() < BgpFramer.HEADER_LENGTH) {
      throw BgpFramer.badLength(msg.remaining(), "message of " + msg.remaining() + " bytes is shorter than a header");
    }
    int length = BgpFramer.checkHeader(msg, 0);
    if (length != msg.remaining()) {
      throw BgpFramer.badLength(length, "header length " + length + " but message has " + msg.remaining() + " bytes");
    }
    int typeValue = msg.get(18) & 0xff;
    MessageType type = messageType(typeValue);
    if (length < type.minLength() || type == MessageType.KEEPALIVE && length != BgpFramer.HEADER_LENGTH) {
      throw BgpFramer.badLength(length, type + " of length " + length + " (min " + type.minLength() + ")");
    }
    ByteBuffer body = msg.position(BgpFramer.HEADER_LENGTH).slice();
    switch (type) {
      case OPEN:
        return new DecodeResult.Accepted(decodeOpen(body));
      case UPDATE:
        return UpdateCodec.decode(body, options);
      case NOTIFICATION:
        return new DecodeResult.Accepted(decodeNotification(body));
      case KEEPALIVE:
        return new DecodeResult.Accepted(Keepalive.INSTANCE);
      default:
        return new DecodeResult.Accepted(decodeRouteRefresh(body, length));
    }
  }

  /** Decodes with 4-octet AS numbers, and returns the message to act on. */
  public static BgpMessage decode(ByteBuffer frame) {
    return decode(frame, CodecOptions.FOUR_OCTET_AS).message();
  }

  private static MessageType messageType(int value) {
    for (MessageType t : MessageType.values()) {
      if (t.byteValue() == value) {
        return t;
      }
    }
    throw new BgpDecodeException(ErrorCode.MESSAGE_HEADER, ErrorCode.BAD_MESSAGE_TYPE, new byte[] {(byte) value},
        "unknown message type " + value);
  }

  // 1 byte: version  2 bytes: my AS  2 bytes: hold time  4 bytes: BGP identifier
  // 1 byte: optional parameters length, then per parameter: 1 byte type, 1 byte length, value
  private static Open decodeOpen(ByteBuffer body) {
    WireReader r = new WireReader(body, ErrorCode.OPEN_MESSAGE, 0, "OPEN");
    int version = r.u8();
    if (version != Open.VERSION) {
      // RFC 4271 §6.2: Data is the largest version we support, as 2 octets.
      throw new BgpDecodeException(ErrorCode.OPEN_MESSAGE, ErrorCode.UNSUPPORTED_VERSION, new byte[] {0, Open.VERSION},
          "BGP version " + version + " is not 4");
    }
    int myAs = r.u16();
    int holdTime = r.u16();
    Inet4Address id = (Inet4Address) Nlri.address(r.bytes(4));
    int optLen = r.u8();
    ByteBuffer params = r.slice(optLen);
    if (r.hasRemaining()) {
      throw new BgpDecodeException(ErrorCode.OPEN_MESSAGE, 0, r.remaining() + " bytes after the optional parameters");
    }
    List<Capability> caps = new ArrayList<>();
    WireReader p = new WireReader(params, ErrorCode.OPEN_MESSAGE, 0, "OPEN optional parameter");
    while (p.hasRemaining()) {
      int paramType = p.u8();
      ByteBuffer value = p.slice(p.u8());
      if (paramType != OPT_PARAM_CAPABILITIES) {
        throw new BgpDecodeException(ErrorCode.OPEN_MESSAGE, ErrorCode.UNSUPPORTED_OPTIONAL_PARAMETER,
            "optional parameter type " + paramType);
      }
      caps.addAll(CapabilityCodec.decodeAll(value));
    }
    return new Open(version, myAs, holdTime, id, caps);
  }

  private static Notification decodeNotification(ByteBuffer body) {
    int code = body.get() & 0xff;
    int subcode = body.get() & 0xff;
    byte[] data = new byte[body.remaining()];
    body.get(data);
    return new Notification(code, subcode, data);
  }

  // 2 bytes: AFI  1 byte: reserved / subtype (RFC 7313)  1 byte: SAFI
  private static RouteRefresh decodeRouteRefresh(ByteBuffer body, int length) {
    if (length != MessageType.ROUTE_REFRESH.minLength()) {
      throw new BgpDecodeException(ErrorCode.ROUTE_REFRESH, ErrorCode.INVALID_MESSAGE_LENGTH,
          "ROUTE-REFRESH of length " + length + ", expected 23");
    }
    int afi = body.getShort() & 0xffff;
    int subtype = body.get() & 0xff;
    return new RouteRefresh(new AfiSafi(afi, body.get() & 0xff), subtype);
  }

  /** The message as bytes on the wire. */
  public static byte[] encode(BgpMessage m, CodecOptions options) {
    ByteBuffer out = ByteBuffer.allocate(BgpFramer.MAX_MESSAGE_LENGTH);
    encode(out, m, options);
    byte[] b = new byte[out.position()];
    out.flip().get(b);
    return b;
  }

  public static byte[] encode(BgpMessage m) {
    return encode(m, CodecOptions.FOUR_OCTET_AS);
  }

  /**
   * Writes one message at the buffer's position.
   *
   * @throws IllegalArgumentException when it would exceed 4096 bytes or the buffer's room
   */
  public static void encode(ByteBuffer out, BgpMessage m, CodecOptions options) {
    int start = out.position();
    try {
      // 16 bytes: marker, all ones  2 bytes: length  1 byte: type
      for (int i = 0; i < BgpFramer.MARKER_LENGTH; i++) {
        out.put((byte) 0xff);
      }
      out.putShort((short) 0).put((byte) m.type().byteValue());
      encodeBody(out, m, options);
    } catch (BufferOverflowException e) {
      out.position(start);
      throw new IllegalArgumentException(m.type() + " does not fit in " + (out.limit() - start) + " bytes", e);
    }
    int length = out.position() - start;
    if (length > BgpFramer.MAX_MESSAGE_LENGTH) {
      out.position(start);
      throw new IllegalArgumentException(m.type() + " of " + length + " bytes exceeds " + BgpFramer.MAX_MESSAGE_LENGTH);
    }
    out.putShort(start + BgpFramer.MARKER_LENGTH, (short) length);
  }

  private static void encodeBody(ByteBuffer out, BgpMessage m, CodecOptions options) {
    if (m instanceof Open o) {
      encodeOpen(out, o);
    } else if (m instanceof Update u) {
      UpdateCodec.encode(out, u, options);
    } else if (m instanceof Notification n) {
      out.put((byte) n.code()).put((byte) n.subcode()).put(n.data());
    } else if (m instanceof RouteRefresh rr) {
      out.putShort((short) rr.family().afi()).put((byte) rr.subtype()).put((byte) rr.family().safi());
    }
    // Keepalive has no body.
  }

  private static void encodeOpen(ByteBuffer out, Open o) {
    out.put((byte) o.version()).putShort((short) o.myAs()).putShort((short) o.holdTime()).put(o.bgpIdentifier().getAddress());
    int optLenAt = out.position();
    out.put((byte) 0);
    if (!o.capabilities().isEmpty()) {
      // One Capabilities parameter holding them all, as BIRD, FRR and GoBGP send it.
      out.put((byte) OPT_PARAM_CAPABILITIES).put((byte) 0);
      for (Capability c : o.capabilities()) {
        CapabilityCodec.encode(out, c);
      }
      int paramLen = out.position() - optLenAt - 3;
      if (paramLen > 0xff) {
        throw new IllegalArgumentException("capabilities take " + paramLen + " bytes, more than one parameter holds");
      }
      out.put(optLenAt, (byte) (paramLen + 2)).put(optLenAt + 2, (byte) paramLen);
    }
  }
}
