package io.baremetallb.announcer.l2.wire;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The fixed IPv6 header (RFC 8200 §3).
 *
 * <pre>
 *  4 bits : version (6)
 *  8 bits : traffic class
 * 20 bits : flow label
 *  2 bytes: payload length
 *  1 byte : next header (58 = ICMPv6)
 *  1 byte : hop limit
 * 16 bytes: source address
 * 16 bytes: destination address
 * </pre>
 */
public record Ipv6Header(int trafficClass, int flowLabel, int payloadLength, int nextHeader,
    int hopLimit, Inet6Address source, Inet6Address destination) {
  public static final int LENGTH = 40;
  public static final int NEXT_HEADER_ICMPV6 = 58;

  public Ipv6Header {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    if (flowLabel < 0 || flowLabel > 0xfffff) {
      throw new IllegalArgumentException("flow label has 20 bits: " + flowLabel);
    }
  }

  public static Ipv6Header decode(ByteBuffer in) {
    FrameDecodeException.require(in, LENGTH, "IPv6 header");
    int word = in.getInt();
    int version = word >>> 28;
    if (version != 6) {
      throw new FrameDecodeException(Problem.MALFORMED, "IP version " + version + " in an IPv6 frame");
    }
    int payloadLength = in.getShort() & 0xffff;
    int nextHeader = in.get() & 0xff;
    int hopLimit = in.get() & 0xff;
    Inet6Address src = Ipv6Addresses.read(in);
    Inet6Address dst = Ipv6Addresses.read(in);
    return new Ipv6Header((word >>> 20) & 0xff, word & 0xfffff, payloadLength, nextHeader, hopLimit,
        src, dst);
  }

  public void encode(ByteBuffer out) {
    out.putInt((6 << 28) | (trafficClass << 20) | flowLabel);
    out.putShort((short) payloadLength);
    out.put((byte) nextHeader);
    out.put((byte) hopLimit);
    out.put(source.getAddress());
    out.put(destination.getAddress());
  }
}
