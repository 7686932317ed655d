package io.baremetallb.announcer.l2.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.l2.wire.TestBytes.ip6;
import static io.baremetallb.announcer.l2.wire.TestBytes.mac;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NdpPacketTest {
  static final byte[] NS = Captures.NS;
  static final byte[] NA = Captures.NA;

  static final NdpPacket SOLICITATION = new NdpPacket(
      new Ipv6Header(0, 0x78573, 32, 58, 255, ip6("fe80::ff:fe00:a"), ip6("ff02::1:ff00:b")),
      new NeighborSolicitation(ip6("2001:db8::b"), Optional.of(mac("02:00:00:00:00:0a"))));
  static final NdpPacket ADVERTISEMENT = NdpPacket.of(ip6("2001:db8::b"), ip6("fe80::ff:fe00:a"),
      new NeighborAdvertisement(false, true, true, ip6("2001:db8::b"),
          Optional.of(mac("02:00:00:00:00:0b"))));

  @Test
  void decodesCapturedSolicitation() {
    assertEquals(SOLICITATION, NdpPacket.decode(wrap(NS)));
  }

  @Test
  void encodesSolicitationWithTheSameChecksum() {
    assertArrayEquals(NS, SOLICITATION.toBytes());
  }

  @Test
  void decodesAndEncodesKernelAdvertisement() {
    assertEquals(ADVERTISEMENT, NdpPacket.decode(wrap(NA)));
    assertArrayEquals(NA, ADVERTISEMENT.toBytes());
  }

  @Test
  void decodesFromTheSharedEthernetFrame() {
    byte[] frame = concat(bytes(0x33, 0x33, 0xff, 0x00, 0x00, 0x0b, 0x02, 0, 0, 0, 0, 0x0a,
        0x86, 0xdd), NS, new byte[4]); // and 4 bytes of padding, which the IPv6 length excludes
    EthernetFrame eth = EthernetFrame.decode(wrap(frame));
    assertEquals(EthernetFrame.ETHERTYPE_IPV6, eth.etherType());
    assertEquals(SOLICITATION, NdpPacket.decode(eth.payloadBuffer()));
  }

  @Test
  void unsolicitedAdvertisementRoundTrips() {
    NdpPacket p = NdpPacket.of(ip6("2001:db8::100"), Ipv6Addresses.ALL_NODES,
        new NeighborAdvertisement(false, false, true, ip6("2001:db8::100"),
            Optional.of(mac("02:00:00:00:00:0b"))));
    assertEquals(p, NdpPacket.decode(wrap(p.toBytes())));
    assertEquals(0x20, p.toBytes()[40 + 4] & 0xff); // O=1, S=0, R=0
  }

  @Test
  void rejectsBadChecksum() {
    byte[] bad = NS.clone();
    bad[43] ^= 1;
    assertProblem(Problem.BAD_CHECKSUM, bad);
  }

  static IntStream truncatedLengths() {
    return IntStream.range(0, NS.length);
  }

  @ParameterizedTest(name = "solicitation cut at {0} bytes")
  @MethodSource("truncatedLengths")
  void rejectsTruncated(int length) {
    assertEquals(Problem.TRUNCATED, assertThrows(FrameDecodeException.class,
        () -> NdpPacket.decode(wrap(NS, length))).problem());
  }

  @Test
  void rejectsOptionOfLengthZero() {
    byte[] b = NS.clone();
    b[NS.length - 7] = 0; // RFC 4861 §4.6: MUST silently discard
    assertProblem(Problem.MALFORMED, withChecksum(b));
  }

  @Test
  void rejectsOptionLongerThanThePacket() {
    byte[] b = NS.clone();
    b[NS.length - 7] = 2; // claims 16 bytes, 8 present
    assertProblem(Problem.TRUNCATED, withChecksum(b));
  }

  @Test
  void skipsUnknownOptions() {
    // RFC 3971 nonce option (type 14) before the source link-layer address
    byte[] nonce = bytes(14, 1, 1, 2, 3, 4, 5, 6);
    byte[] b = concat(Arrays.copyOfRange(NS, 0, 64), nonce, Arrays.copyOfRange(NS, 64, 72));
    b[5] = 40;
    assertEquals(SOLICITATION.message(), NdpPacket.decode(wrap(withChecksum(b))).message());
  }

  @Test
  void rejectsNonZeroCode() {
    byte[] b = NS.clone();
    b[41] = 1;
    assertProblem(Problem.MALFORMED, withChecksum(b));
  }

  @Test
  void rejectsOtherIcmpTypes() {
    byte[] b = NS.clone();
    b[40] = (byte) 128; // echo request
    assertProblem(Problem.UNSUPPORTED, withChecksum(b));
  }

  @Test
  void rejectsOtherNextHeaders() {
    byte[] b = NS.clone();
    b[6] = 17; // UDP
    assertProblem(Problem.UNSUPPORTED, b);
  }

  @Test
  void rejectsIpVersion4() {
    byte[] b = NS.clone();
    b[0] = 0x40;
    assertProblem(Problem.MALFORMED, b);
  }

  @Test
  void solicitedNodeGroupAndItsMac() {
    assertEquals(ip6("ff02::1:ff00:b"), Ipv6Addresses.solicitedNode(ip6("2001:db8::b")));
    assertEquals(mac("33:33:ff:00:00:0b"),
        Ipv6Addresses.multicastMac(Ipv6Addresses.solicitedNode(ip6("2001:db8::b"))));
  }

  private static void assertProblem(Problem expected, byte[] packet) {
    assertEquals(expected, assertThrows(FrameDecodeException.class,
        () -> NdpPacket.decode(wrap(packet))).problem());
  }

  /** Recomputes the ICMPv6 checksum of an edited vector, so the test reaches the check it means. */
  private static byte[] withChecksum(byte[] packet) {
    ByteBuffer b = ByteBuffer.wrap(packet);
    b.putShort(42, (short) 0);
    Ipv6Header h = Ipv6Header.decode(b.duplicate());
    b.putShort(42, (short) NdpPacket.checksum(h.source(), h.destination(),
        b.duplicate().position(40).limit(40 + h.payloadLength())));
    return packet;
  }
}
