package io.baremetallb.announcer.l2.wire;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An IPv6 packet carrying one neighbour discovery message: the payload of an Ethernet frame of
 * type 0x86dd.
 *
 * <pre>
 * 40 bytes: IPv6 header (next header 58, hop limit 255 for every ND message, RFC 4861 §7.1)
 *  1 byte : ICMPv6 type (135 NS, 136 NA)
 *  1 byte : ICMPv6 code (0)
 *  2 bytes: ICMPv6 checksum over the pseudo-header and the message (RFC 4443 §2.3)
 *  n bytes: message body
 * </pre>
 */
public record NdpPacket(Ipv6Header header, NdpMessage message) {
  /** RFC 4861 §7.1.1/§7.1.2: a valid NS/NA is at least 24 octets of ICMP. */
  static final int MIN_ICMP_LENGTH = 24;
  private static final int ICMP_HEADER = 4;

  public NdpPacket {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(message, "message");
  }

  /** A packet from {@code source} to {@code destination} with hop limit 255, as ND requires. */
  public static NdpPacket of(Inet6Address source, Inet6Address destination, NdpMessage message) {
    int length = ICMP_HEADER + message.bodyLength();
    return new NdpPacket(new Ipv6Header(0, 0, length, Ipv6Header.NEXT_HEADER_ICMPV6, 255, source,
        destination), message);
  }

  /**
   * Decodes an IPv6 packet that must carry a NS or NA. Trailing bytes after the IPv6 payload
   * length (Ethernet padding) are ignored.
   */
  public static NdpPacket decode(ByteBuffer in) {
    Ipv6Header ip = Ipv6Header.decode(in);
    if (ip.nextHeader() != Ipv6Header.NEXT_HEADER_ICMPV6) {
      throw new FrameDecodeException(Problem.UNSUPPORTED,
          "IPv6 next header " + ip.nextHeader() + " is not ICMPv6 (58)");
    }
    FrameDecodeException.require(in, ip.payloadLength(), "ICMPv6 message of payload length");
    ByteBuffer icmp = in.slice(in.position(), ip.payloadLength());
    in.position(in.position() + ip.payloadLength());
    if (icmp.remaining() < ICMP_HEADER) {
      throw new FrameDecodeException(Problem.TRUNCATED, "ICMPv6 header needs 4 bytes, "
          + icmp.remaining() + " in payload");
    }
    int type = icmp.get(0) & 0xff;
    int code = icmp.get(1) & 0xff;
    if (type != NeighborSolicitation.TYPE && type != NeighborAdvertisement.TYPE) {
      throw new FrameDecodeException(Problem.UNSUPPORTED, "ICMPv6 type " + type + " is not NS or NA");
    }
    if (code != 0 || icmp.remaining() < MIN_ICMP_LENGTH) {
      throw new FrameDecodeException(Problem.MALFORMED, "ICMPv6 type " + type + " with code " + code
          + " and length " + icmp.remaining() + " (RFC 4861 §7.1: code 0, at least 24 octets)");
    }
    int sum = checksum(ip.source(), ip.destination(), icmp.duplicate());
    if (sum != 0) {
      throw new FrameDecodeException(Problem.BAD_CHECKSUM, "ICMPv6 checksum 0x"
          + Integer.toHexString(icmp.getShort(2) & 0xffff) + " does not verify");
    }
    icmp.position(ICMP_HEADER);
    NdpMessage m = type == NeighborSolicitation.TYPE
        ? NeighborSolicitation.decodeBody(icmp) : NeighborAdvertisement.decodeBody(icmp);
    return new NdpPacket(ip, m);
  }

  public int length() {
    return Ipv6Header.LENGTH + ICMP_HEADER + message.bodyLength();
  }

  /** Writes the header and the message; the checksum is computed here, never taken from a field. */
  public void encode(ByteBuffer out) {
    header.encode(out);
    int start = out.position();
    out.put((byte) message.icmpType());
    out.put((byte) 0);
    out.putShort((short) 0);
    message.encodeBody(out);
    ByteBuffer icmp = out.duplicate().position(start).limit(out.position()).slice();
    out.putShort(start + 2, (short) checksum(header.source(), header.destination(), icmp));
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(length());
    encode(out);
    return out.array();
  }

  /**
   * The ones' complement sum over the RFC 8200 §8.1 pseudo-header (source, destination, 32-bit
   * upper-layer length, 3 zero bytes, next header 58) and the ICMPv6 message from its position
   * to its limit. Over a message whose checksum field is set this returns 0 when it verifies;
   * over a zero checksum field it returns the value to store.
   */
  static int checksum(Inet6Address source, Inet6Address destination, ByteBuffer icmp) {
    long sum = 0;
    sum += sumWords(ByteBuffer.wrap(source.getAddress()));
    sum += sumWords(ByteBuffer.wrap(destination.getAddress()));
    sum += icmp.remaining();
    sum += Ipv6Header.NEXT_HEADER_ICMPV6;
    sum += sumWords(icmp);
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static long sumWords(ByteBuffer b) {
    long sum = 0;
    while (b.remaining() >= 2) {
      sum += b.getShort() & 0xffff;
    }
    if (b.hasRemaining()) {
      sum += (b.get() & 0xff) << 8; // an odd last byte is padded with a zero byte
    }
    return sum;
  }
}
