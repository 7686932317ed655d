package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.bgp.wire.Bytes.hex;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static io.baremetallb.announcer.bgp.wire.Net.ip;
import static io.baremetallb.announcer.bgp.wire.Net.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BgpCodecTest {
  static final Open OPEN = new Open(4, Open.AS_TRANS, 90, (Inet4Address) ip("192.0.2.11"), List.of(
      new Capability.MultiProtocol(AfiSafi.IPV4_UNICAST),
      new Capability.MultiProtocol(AfiSafi.IPV6_UNICAST),
      new Capability.RouteRefresh(),
      new Capability.FourOctetAs(4_200_000_000L),
      new Capability.GracefulRestart(false, false, 120, List.of(new Capability.GrFamily(AfiSafi.IPV4_UNICAST, true))),
      new Capability.Unknown(70, new byte[0])));

  static final Update UPDATE_V4 = new Update(List.of(p("198.51.100.0/24")), List.of(
      new PathAttribute.Origin(OriginType.IGP),
      new PathAttribute.AsPath(List.of(
          new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(64513L, 4_200_000_000L)),
          new AsPathSegment(AsPathSegment.Type.AS_SET, List.of(64514L)))),
      new PathAttribute.NextHop(ip("192.0.2.11")),
      new PathAttribute.MultiExitDisc(100),
      new PathAttribute.LocalPref(200),
      new PathAttribute.Communities(List.of(Community.GRACEFUL_SHUTDOWN, Community.parse("64512:1"))),
      new PathAttribute.LargeCommunities(List.of(LargeCommunity.parse("64512:1:2"))),
      new PathAttribute.Unknown(0xe0, 99, bytes(0xab, 0xcd))),
      List.of(p("203.0.113.10/32"), p("192.0.2.0/25")));

  static final Update UPDATE_V6 = new Update(List.of(), List.of(
      new PathAttribute.Origin(OriginType.IGP),
      PathAttribute.AsPath.sequence(64513L),
      new PathAttribute.MpReach(Afi.IPV6, List.of(ip("2001:db8:0:1::11"), ip("fe80::200:ff:fe00:11")),
          List.of(p("2001:db8::a/128"), p("2001:db8:1:2::/64")))),
      List.of());

  static final Notification NOTIFICATION = new Notification(6, 2, bytes(3, 'b', 'y', 'e'));

  @Test
  void decodesKeepalive() {
    assertEquals(Keepalive.INSTANCE, BgpCodec.decode(wrap(Vectors.KEEPALIVE)));
  }

  @Test
  void decodesOpenWithEveryCapability() {
    Open open = (Open) BgpCodec.decode(wrap(Vectors.OPEN));
    assertEquals(OPEN, open);
    assertEquals(4_200_000_000L, open.asNumber());
    assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), List.copyOf(open.families()));
  }

  @Test
  void decodesIpv4UpdateWithAllAttributes() {
    assertEquals(UPDATE_V4, BgpCodec.decode(wrap(Vectors.UPDATE_V4)));
  }

  @Test
  void decodesIpv6UpdateWithGlobalAndLinkLocalNextHop() {
    assertEquals(UPDATE_V6, BgpCodec.decode(wrap(Vectors.UPDATE_V6)));
  }

  @Test
  void decodesNotificationRouteRefreshAndEndOfRib() {
    assertEquals(NOTIFICATION, BgpCodec.decode(wrap(Vectors.NOTIFICATION)));
    assertEquals(RouteRefresh.of(AfiSafi.IPV6_UNICAST), BgpCodec.decode(wrap(Vectors.ROUTE_REFRESH)));
    assertEquals(Optional.of(Afi.IPV4), ((Update) BgpCodec.decode(wrap(Vectors.EOR_V4))).endOfRibFamily());
    assertEquals(Optional.of(Afi.IPV6), ((Update) BgpCodec.decode(wrap(Vectors.EOR_V6))).endOfRibFamily());
    assertEquals(Optional.empty(), UPDATE_V6.endOfRibFamily());
  }

  @Test
  void encodesEveryMessageToTheSameVector() {
    assertEquals(hex(Vectors.KEEPALIVE), hex(BgpCodec.encode(Keepalive.INSTANCE)));
    assertEquals(hex(Vectors.OPEN), hex(BgpCodec.encode(OPEN)));
    assertEquals(hex(Vectors.UPDATE_V4), hex(BgpCodec.encode(UPDATE_V4)));
    assertEquals(hex(Vectors.UPDATE_V6), hex(BgpCodec.encode(UPDATE_V6)));
    assertEquals(hex(Vectors.NOTIFICATION), hex(BgpCodec.encode(NOTIFICATION)));
    assertEquals(hex(Vectors.ROUTE_REFRESH), hex(BgpCodec.encode(RouteRefresh.of(AfiSafi.IPV6_UNICAST))));
    assertEquals(hex(Vectors.EOR_V4), hex(BgpCodec.encode(Update.endOfRib(Afi.IPV4))));
    assertEquals(hex(Vectors.EOR_V6), hex(BgpCodec.encode(Update.endOfRib(Afi.IPV6))));
  }

  @Test
  void roundTripsEveryMessageType() {
    List<BgpMessage> all = List.of(Keepalive.INSTANCE, OPEN, UPDATE_V4, UPDATE_V6, NOTIFICATION,
        RouteRefresh.of(AfiSafi.IPV4_UNICAST), Update.endOfRib(Afi.IPV4), Update.endOfRib(Afi.IPV6),
        new Update(List.of(), List.of(new PathAttribute.MpUnreach(Afi.IPV6, List.of(p("2001:db8::/32")))), List.of()),
        new Update(List.of(), List.of(new PathAttribute.AtomicAggregate(),
            new PathAttribute.Aggregator(4_200_000_000L, ip("192.0.2.1"))), List.of()),
        Open.of(64512, 3, (Inet4Address) ip("192.0.2.1"), List.of()));
    for (BgpMessage m : all) {
      assertEquals(m, BgpCodec.decode(wrap(BgpCodec.encode(m))), m.toString());
    }
  }

  @Test
  void twoOctetSessionsCarryTwoOctetAsPathAndAsTrans() {
    Update u = new Update(List.of(), List.of(PathAttribute.AsPath.sequence(64513L, 4_200_000_000L)), List.of());
    byte[] wire = BgpCodec.encode(u, CodecOptions.TWO_OCTET_AS);
    assertEquals("400206" + "0202" + "fc01" + "5ba0", hex(wire).substring(46));
    assertEquals(new Update(List.of(), List.of(PathAttribute.AsPath.sequence(64513L, 23456L)), List.of()),
        BgpCodec.decode(wrap(wire), CodecOptions.TWO_OCTET_AS).message());
  }

  @Test
  void longAttributesUseExtendedLength() {
    List<Community> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new Community(64512, i)).toList();
    Update u = new Update(List.of(), List.of(new PathAttribute.Communities(many)), List.of());
    byte[] wire = BgpCodec.encode(u);
    assertEquals("d008" + "0190", hex(wire).substring(46, 54)); // flags with Extended Length, type 8, length 400
    assertEquals(u, BgpCodec.decode(wrap(wire)));
  }

  @Test
  void ipv4MappedNextHopStaysSixteenBytes() {
    // A common IPv6 next hop on an IPv4 session; Java would shrink it to an Inet4Address.
    PathAttribute.MpReach reach = new PathAttribute.MpReach(Afi.IPV6, List.of(ip("192.0.2.11")), List.of(p("2001:db8::1/128")));
    Update u = new Update(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP), PathAttribute.AsPath.EMPTY, reach), List.of());
    Update back = (Update) BgpCodec.decode(wrap(BgpCodec.encode(u)));
    byte[] nh = back.attribute(PathAttribute.MpReach.class).orElseThrow().nextHops().get(0).getAddress();
    assertEquals("00000000000000000000ffffc000020b", hex(nh));
  }

  @Test
  void refusesToEncodeMoreThan4096Bytes() {
    // 1,000 /32s take 5,000 bytes of NLRI
    List<Prefix> prefixes = java.util.Collections.nCopies(1000, p("203.0.113.7/32"));
    Update u = new Update(List.of(), List.of(), prefixes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BgpCodec.encode(u));
    assertTrue(e.getMessage().contains("UPDATE"), e.getMessage());
  }

  @Test
  void everyTruncationIsAHeaderLengthError() {
    for (byte[] v : Vectors.all()) {
      for (int n = 0; n < v.length; n++) {
        int len = n;
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpCodec.decode(wrap(v, len)));
        assertEquals(ErrorCode.MESSAGE_HEADER, e.code(), hex(v) + " cut at " + n);
        assertEquals(ErrorCode.BAD_MESSAGE_LENGTH, e.subcode());
      }
    }
  }

  @Test
  void decodeErrorBecomesTheNotificationToSend() {
    byte[] v3 = Vectors.OPEN.clone();
    v3[19] = 3;
    BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpCodec.decode(wrap(v3)));
    assertEquals(new Notification(2, 1, bytes(0, 4)), e.toNotification());
    assertArrayEquals(bytes(0, 4), e.data());
  }

  static byte[] keepaliveWith(int index, int value) {
    byte[] b = Vectors.KEEPALIVE.clone();
    b[index] = (byte) value;
    return b;
  }

  static byte[] withLength(byte[] v, int extra) {
    byte[] b = concat(v, new byte[extra]);
    b[16] = (byte) (b.length >> 8);
    b[17] = (byte) b.length;
    return b;
  }
}
