package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.bgp.wire.AttributeProblem.Handling.ATTRIBUTE_DISCARD;
import static io.baremetallb.announcer.bgp.wire.AttributeProblem.Handling.TREAT_AS_WITHDRAW;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Path attributes (RFC 4271 §4.3) with the error handling of RFC 7606: an attribute that is
 * malformed becomes an {@link AttributeProblem} (treat-as-withdraw or attribute discard) unless
 * RFC 7606 keeps the session reset for it, which is a {@link BgpDecodeException}.
 */
final class AttributeCodec {
  private AttributeCodec() {
  }

  record Parsed(List<PathAttribute> attributes, List<AttributeProblem> problems) {
  }

  // per attribute: 1 byte flags, 1 byte type code, 1 or 2 bytes length (Extended Length bit), value
  static Parsed decodeAll(ByteBuffer buf, CodecOptions options) {
    List<PathAttribute> out = new ArrayList<>();
    List<AttributeProblem> problems = new ArrayList<>();
    BitSet seen = new BitSet(256);
    // RFC 7606 §4: an attribute that overruns the attribute field leaves the rest unparseable;
    // we cannot know whether an MP_(UN)REACH_NLRI hid there, so the session is reset.
    WireReader r = new WireReader(buf, ErrorCode.UPDATE_MESSAGE, ErrorCode.ATTRIBUTE_LENGTH_ERROR, "path attribute");
    while (r.hasRemaining()) {
      int start = buf.position();
      int flags = r.u8();
      int type = r.u8();
      int len = (flags & PathAttribute.EXTENDED_LENGTH) != 0 ? r.u16() : r.u8();
      ByteBuffer value = r.slice(len);
      byte[] raw = rawAttribute(buf, start);
      if (seen.get(type)) {
        duplicate(type, raw, problems);
        continue;
      }
      seen.set(type);
      try {
        PathAttribute a = decodeOne(flags, type, value, options, raw);
        if (a != null) {
          out.add(a);
        }
      } catch (Malformed m) {
        problems.add(new AttributeProblem(type, m.handling, m.getMessage()));
      }
    }
    return new Parsed(out, problems);
  }

  private static void duplicate(int type, byte[] raw, List<AttributeProblem> problems) {
    // RFC 7606 §3.g: keep the first, discard the rest; but a repeated MP_(UN)REACH_NLRI resets.
    if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
      throw new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, ErrorCode.MALFORMED_ATTRIBUTE_LIST, raw,
          "attribute " + type + " appears twice");
    }
    problems.add(new AttributeProblem(type, ATTRIBUTE_DISCARD, "attribute " + type + " appears twice; later copy discarded"));
  }

  private static PathAttribute decodeOne(int flags, int type, ByteBuffer v, CodecOptions o, byte[] raw) {
    Integer expected = expectedFlags(type);
    if (expected == null) {
      return unknown(flags, type, v, raw);
    }
    if ((flags & (PathAttribute.OPTIONAL | PathAttribute.TRANSITIVE)) != expected) {
      if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
        throw new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, ErrorCode.ATTRIBUTE_FLAGS_ERROR, raw,
            "attribute " + type + " has flags 0x" + Integer.toHexString(flags));
      }
      throw new Malformed(TREAT_AS_WITHDRAW, "attribute " + type + " has flags 0x" + Integer.toHexString(flags)); // RFC 7606 §3.c
    }
    int len = v.remaining();
    switch (type) {
      case PathAttribute.ORIGIN:
        return origin(v, len);
      case PathAttribute.AS_PATH:
        return asPath(v, o);
      case PathAttribute.NEXT_HOP:
        requireLength(type, len, 4, TREAT_AS_WITHDRAW);
        return new PathAttribute.NextHop(Nlri.address(bytes(v, 4)));
      case PathAttribute.MULTI_EXIT_DISC:
        requireLength(type, len, 4, TREAT_AS_WITHDRAW);
        return new PathAttribute.MultiExitDisc(v.getInt() & 0xffffffffL);
      case PathAttribute.LOCAL_PREF:
        requireLength(type, len, 4, TREAT_AS_WITHDRAW);
        return new PathAttribute.LocalPref(v.getInt() & 0xffffffffL);
      case PathAttribute.ATOMIC_AGGREGATE:
        requireLength(type, len, 0, ATTRIBUTE_DISCARD); // RFC 7606 §7.6
        return new PathAttribute.AtomicAggregate();
      case PathAttribute.AGGREGATOR:
        requireLength(type, len, o.asSize() + 4, ATTRIBUTE_DISCARD); // RFC 7606 §7.7
        long asn = o.fourOctetAs() ? v.getInt() & 0xffffffffL : v.getShort() & 0xffff;
        return new PathAttribute.Aggregator(asn, Nlri.address(bytes(v, 4)));
      case PathAttribute.COMMUNITIES:
        return communities(v, len);
      case PathAttribute.LARGE_COMMUNITIES:
        return largeCommunities(v, len);
      case PathAttribute.MP_REACH_NLRI:
        return MpCodec.decodeReach(v, raw);
      default:
        return MpCodec.decodeUnreach(v, raw);
    }
  }

  private static Integer expectedFlags(int type) {
    switch (type) {
      case PathAttribute.ORIGIN:
      case PathAttribute.AS_PATH:
      case PathAttribute.NEXT_HOP:
      case PathAttribute.LOCAL_PREF:
      case PathAttribute.ATOMIC_AGGREGATE:
        return PathAttribute.TRANSITIVE;
      case PathAttribute.MULTI_EXIT_DISC:
      case PathAttribute.MP_REACH_NLRI:
      case PathAttribute.MP_UNREACH_NLRI:
        return PathAttribute.OPTIONAL;
      case PathAttribute.AGGREGATOR:
      case PathAttribute.COMMUNITIES:
      case PathAttribute.LARGE_COMMUNITIES:
        return PathAttribute.OPTIONAL | PathAttribute.TRANSITIVE;
      default:
        return null;
    }
  }

  private static PathAttribute unknown(int flags, int type, ByteBuffer v, byte[] raw) {
    if ((flags & PathAttribute.OPTIONAL) == 0) {
      // RFC 4271 §6.3: an unrecognized well-known attribute; RFC 7606 leaves this a session reset.
      throw new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, ErrorCode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, raw,
          "unrecognized well-known attribute " + type);
    }
    if ((flags & PathAttribute.TRANSITIVE) == 0) {
      return null; // RFC 4271 §5: unrecognized optional non-transitive attributes are quietly ignored
    }
    return new PathAttribute.Unknown(flags, type, bytes(v, v.remaining()));
  }

  private static PathAttribute origin(ByteBuffer v, int len) {
    requireLength(PathAttribute.ORIGIN, len, 1, TREAT_AS_WITHDRAW);
    int value = v.get() & 0xff;
    if (value > 2) {
      throw new Malformed(TREAT_AS_WITHDRAW, "ORIGIN value " + value + " is undefined"); // RFC 7606 §7.1
    }
    return new PathAttribute.Origin(OriginType.valueOf(value));
  }

  // per segment: 1 byte type, 1 byte count of ASNs, count * (2 or 4) bytes
  private static PathAttribute asPath(ByteBuffer v, CodecOptions o) {
    List<AsPathSegment> segments = new ArrayList<>();
    while (v.hasRemaining()) {
      if (v.remaining() < 2) {
        throw new Malformed(TREAT_AS_WITHDRAW, "AS_PATH segment header truncated"); // RFC 7606 §7.2
      }
      int type = v.get() & 0xff;
      int count = v.get() & 0xff;
      if (type < 1 || type > 4 || count == 0 || v.remaining() < count * o.asSize()) {
        throw new Malformed(TREAT_AS_WITHDRAW, "AS_PATH segment type " + type + " with " + count
            + " ASNs in " + v.remaining() + " bytes");
      }
      List<Long> asns = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        asns.add(o.fourOctetAs() ? v.getInt() & 0xffffffffL : (long) (v.getShort() & 0xffff));
      }
      segments.add(new AsPathSegment(AsPathSegment.Type.valueOf(type), asns));
    }
    return new PathAttribute.AsPath(segments);
  }

  private static PathAttribute communities(ByteBuffer v, int len) {
    if (len == 0 || len % 4 != 0) {
      throw new Malformed(TREAT_AS_WITHDRAW, "COMMUNITIES length " + len + " is not a non-zero multiple of 4"); // RFC 7606 §7.8
    }
    List<Community> out = new ArrayList<>(len / 4);
    while (v.hasRemaining()) {
      out.add(Community.fromInt(v.getInt()));
    }
    return new PathAttribute.Communities(out);
  }

  private static PathAttribute largeCommunities(ByteBuffer v, int len) {
    if (len == 0 || len % 12 != 0) {
      throw new Malformed(TREAT_AS_WITHDRAW, "LARGE_COMMUNITIES length " + len + " is not a non-zero multiple of 12"); // RFC 8092 §6
    }
    List<LargeCommunity> out = new ArrayList<>(len / 12);
    while (v.hasRemaining()) {
      out.add(new LargeCommunity(v.getInt() & 0xffffffffL, v.getInt() & 0xffffffffL, v.getInt() & 0xffffffffL));
    }
    return new PathAttribute.LargeCommunities(out);
  }

  static void encode(ByteBuffer out, PathAttribute a, CodecOptions o) {
    int flagsAt = out.position();
    out.put((byte) a.flags()).put((byte) a.typeCode()).putShort((short) 0);
    int valueAt = out.position();
    encodeValue(out, a, o);
    int len = out.position() - valueAt;
    if (len > 0xff) {
      out.put(flagsAt, (byte) (a.flags() | PathAttribute.EXTENDED_LENGTH)).putShort(flagsAt + 2, (short) len);
    } else {
      // Short form: move the value one byte to the left over the unused length octet.
      out.put(flagsAt + 2, (byte) len);
      for (int i = 0; i < len; i++) {
        out.put(valueAt - 1 + i, out.get(valueAt + i));
      }
      out.position(out.position() - 1);
    }
  }

  private static void encodeValue(ByteBuffer out, PathAttribute a, CodecOptions o) {
    if (a instanceof PathAttribute.Origin x) {
      out.put((byte) x.origin().byteValue());
    } else if (a instanceof PathAttribute.AsPath x) {
      for (AsPathSegment s : x.segments()) {
        out.put((byte) s.type().byteValue()).put((byte) s.asns().size());
        for (long asn : s.asns()) {
          putAsn(out, asn, o);
        }
      }
    } else if (a instanceof PathAttribute.NextHop x) {
      out.put(x.address().getAddress());
    } else if (a instanceof PathAttribute.MultiExitDisc x) {
      out.putInt((int) x.value());
    } else if (a instanceof PathAttribute.LocalPref x) {
      out.putInt((int) x.value());
    } else if (a instanceof PathAttribute.Aggregator x) {
      putAsn(out, x.asn(), o);
      out.put(x.address().getAddress());
    } else if (a instanceof PathAttribute.Communities x) {
      x.communities().forEach(c -> out.putInt(c.toInt()));
    } else if (a instanceof PathAttribute.LargeCommunities x) {
      x.communities().forEach(c -> out.putInt((int) c.globalAdministrator()).putInt((int) c.localData1()).putInt((int) c.localData2()));
    } else if (a instanceof PathAttribute.MpReach x) {
      MpCodec.encodeReach(out, x);
    } else if (a instanceof PathAttribute.MpUnreach x) {
      MpCodec.encodeUnreach(out, x);
    } else if (a instanceof PathAttribute.Unknown x) {
      out.put(x.value());
    }
    // AtomicAggregate has an empty value.
  }

  /** RFC 6793 §4.2.2: a 2-octet session carries AS_TRANS for an AS that needs 4 octets. */
  private static void putAsn(ByteBuffer out, long asn, CodecOptions o) {
    if (o.fourOctetAs()) {
      out.putInt((int) asn);
    } else {
      out.putShort((short) (asn > 0xffff ? Open.AS_TRANS : asn));
    }
  }

  private static void requireLength(int type, int len, int want, AttributeProblem.Handling handling) {
    if (len != want) {
      throw new Malformed(handling, "attribute " + type + " has length " + len + ", expected " + want);
    }
  }

  static byte[] bytes(ByteBuffer v, int n) {
    byte[] b = new byte[n];
    v.get(b);
    return b;
  }


  private static byte[] rawAttribute(ByteBuffer buf, int start) {
    byte[] raw = new byte[buf.position() - start];
    buf.get(start, raw);
    return raw;
  }

  /** A malformed attribute handled by RFC 7606 without reset; cheap, as fuzzed input throws it often. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AttributeProblem.Handling handling;

    Malformed(AttributeProblem.Handling handling, String message) {
      super(message, null, false, false);
      this.handling = handling;
    }
  }
}
