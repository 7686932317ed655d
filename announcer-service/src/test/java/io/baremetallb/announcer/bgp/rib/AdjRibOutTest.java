package io.baremetallb.announcer.bgp.rib;

import static io.baremetallb.announcer.bgp.wire.Net.ip;
import static io.baremetallb.announcer.bgp.wire.Net.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.wire.Afi;
import io.baremetallb.announcer.bgp.wire.AsPathSegment;
import io.baremetallb.announcer.bgp.wire.BgpCodec;
import io.baremetallb.announcer.bgp.wire.CodecOptions;
import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.LargeCommunity;
import io.baremetallb.announcer.bgp.wire.PathAttribute;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.bgp.wire.Update;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AdjRibOutTest {
  static final RouteAttributes TAGGED = RouteAttributes.PLAIN.withCommunities(List.of(Community.parse("64512:100")))
      .withLargeCommunities(List.of(LargeCommunity.parse("64513:1:2")));
  static final PeerRouting EBGP = new PeerRouting(64513, false, Optional.of(ip("192.0.2.11")),
      List.of(ip("2001:db8::11"), ip("fe80::11")), CodecOptions.FOUR_OCTET_AS);
  static final PeerRouting IBGP = new PeerRouting(64512, true, Optional.of(ip("192.0.2.11")), List.of(ip("2001:db8::11")),
      CodecOptions.FOUR_OCTET_AS);

  final AdjRibOut rib = new AdjRibOut(EBGP, Set.of(Afi.IPV4, Afi.IPV6));

  static Map<Prefix, RouteAttributes> routes(Object... prefixAndAttributes) {
    Map<Prefix, RouteAttributes> m = new TreeMap<>();
    for (int i = 0; i < prefixAndAttributes.length; i += 2) {
      m.put(p((String) prefixAndAttributes[i]), (RouteAttributes) prefixAndAttributes[i + 1]);
    }
    return m;
  }

  static final List<PathAttribute> EBGP_V4_PLAIN = List.of(new PathAttribute.Origin(io.baremetallb.announcer.bgp.wire.OriginType.IGP),
      PathAttribute.AsPath.sequence(64513L), new PathAttribute.NextHop(ip("192.0.2.11")));

  @Test
  void prefixesWithEqualAttributesShareOneUpdate() {
    List<Update> out = rib.sync(routes("203.0.113.10/32", RouteAttributes.PLAIN, "203.0.113.11/32", RouteAttributes.PLAIN,
        "198.51.100.0/24", TAGGED));
    assertEquals(List.of(
        new Update(List.of(), EBGP_V4_PLAIN, List.of(p("203.0.113.10/32"), p("203.0.113.11/32"))),
        new Update(List.of(), List.of(EBGP_V4_PLAIN.get(0), EBGP_V4_PLAIN.get(1), EBGP_V4_PLAIN.get(2),
            new PathAttribute.Communities(TAGGED.communities()), new PathAttribute.LargeCommunities(TAGGED.largeCommunities())),
            List.of(p("198.51.100.0/24")))), sortByFirstNlri(out));
  }

  static List<Update> sortByFirstNlri(List<Update> updates) {
    List<Update> copy = new ArrayList<>(updates);
    copy.sort((a, b) -> b.nlri().size() - a.nlri().size());
    return copy;
  }

  @Test
  void ipv6GoesInMpReachWithGlobalAndLinkLocalNextHop() {
    List<Update> out = rib.sync(routes("2001:db8:5::/64", RouteAttributes.PLAIN));
    assertEquals(List.of(new Update(List.of(), List.of(EBGP_V4_PLAIN.get(0), EBGP_V4_PLAIN.get(1),
        new PathAttribute.MpReach(Afi.IPV6, List.of(ip("2001:db8::11"), ip("fe80::11")), List.of(p("2001:db8:5::/64")))),
        List.of())), out);
  }

  @Test
  void sameDesiredRoutesTwiceSendNothing() {
    Map<Prefix, RouteAttributes> want = routes("203.0.113.10/32", TAGGED, "2001:db8::a/128", TAGGED);
    rib.sync(want);
    assertEquals(List.of(), rib.sync(want));
  }

  @Test
  void removingOneServiceWithdrawsExactlyItsPrefix() {
    rib.sync(routes("203.0.113.10/32", TAGGED, "203.0.113.11/32", TAGGED, "2001:db8::a/128", TAGGED, "2001:db8::b/128", TAGGED));
    List<Update> out = rib.sync(routes("203.0.113.10/32", TAGGED, "2001:db8::a/128", TAGGED));
    assertEquals(List.of(
        new Update(List.of(p("203.0.113.11/32")), List.of(), List.of()),
        new Update(List.of(), List.of(new PathAttribute.MpUnreach(Afi.IPV6, List.of(p("2001:db8::b/128")))), List.of())), out);
    assertEquals(Set.of(p("203.0.113.10/32"), p("2001:db8::a/128")), rib.sent().keySet());
  }

  @Test
  void changedAttributesAreReannouncedWithoutWithdrawal() {
    rib.sync(routes("203.0.113.10/32", RouteAttributes.PLAIN));
    List<Update> out = rib.sync(routes("203.0.113.10/32", TAGGED));
    assertEquals(1, out.size());
    assertEquals(List.of(), out.get(0).withdrawn());
    assertEquals(List.of(p("203.0.113.10/32")), out.get(0).nlri());
  }

  @Test
  void iBgpGetsLocalPrefAndAnEmptyAsPath() {
    AdjRibOut ibgp = new AdjRibOut(IBGP, Set.of(Afi.IPV4));
    Update u = ibgp.sync(routes("203.0.113.10/32", RouteAttributes.PLAIN.withLocalPref(200))).get(0);
    assertEquals(Optional.of(PathAttribute.AsPath.EMPTY), u.attribute(PathAttribute.AsPath.class));
    assertEquals(Optional.of(new PathAttribute.LocalPref(200)), u.attribute(PathAttribute.LocalPref.class));
    Update e = rib.sync(routes("203.0.113.10/32", RouteAttributes.PLAIN.withLocalPref(200))).get(0);
    assertEquals(Optional.empty(), e.attribute(PathAttribute.LocalPref.class), "LOCAL_PREF is never sent to eBGP peers");
    assertEquals(List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(64513L))),
        e.attribute(PathAttribute.AsPath.class).orElseThrow().segments());
  }

  @Test
  void familiesTheSessionDidNotNegotiateAreLeftOut() {
    AdjRibOut v4only = new AdjRibOut(EBGP, Set.of(Afi.IPV4));
    List<Update> out = v4only.sync(routes("203.0.113.10/32", TAGGED, "2001:db8::a/128", TAGGED));
    assertEquals(1, out.size());
    assertEquals(Set.of(p("203.0.113.10/32")), v4only.sent().keySet());
  }

  @Test
  void tenThousandIpv6PrefixesPackIntoFullMessages() {
    Map<Prefix, RouteAttributes> want = new TreeMap<>();
    for (int i = 0; i < 10_000; i++) {
      want.put(p(String.format("2001:db8::%x:%x/128", i >> 8, i & 0xff)), TAGGED);
    }
    List<Update> out = rib.sync(want);
    Set<Prefix> seen = new HashSet<>();
    for (Update u : out) {
      assertTrue(BgpCodec.encode(u).length <= 4096);
      assertEquals(u, BgpCodec.decode(java.nio.ByteBuffer.wrap(BgpCodec.encode(u))));
      seen.addAll(u.attribute(PathAttribute.MpReach.class).orElseThrow().nlri());
    }
    assertEquals(want.keySet(), seen);
    int perMessage = (4096 - 100) / 17; // /128 takes 17 bytes of NLRI; attributes take < 100
    assertTrue(out.size() <= 10_000 / perMessage + 1, out.size() + " UPDATEs");
    List<Update> gone = rib.sync(Map.of());
    assertTrue(gone.size() <= 10_000 / perMessage + 1, gone.size() + " withdrawals");
    assertTrue(rib.sent().isEmpty());
  }

  @Test
  void resendAllEndsEachFamilyWithEndOfRib() {
    rib.sync(routes("203.0.113.10/32", TAGGED, "2001:db8::a/128", TAGGED));
    List<Update> out = rib.resendAll(Set.of(Afi.IPV4, Afi.IPV6));
    assertEquals(4, out.size());
    assertEquals(Optional.of(Afi.IPV4), out.get(2).endOfRibFamily());
    assertEquals(Optional.of(Afi.IPV6), out.get(3).endOfRibFamily());
  }

  @Test
  void gracefulShutdownMarksEveryRouteThenWithdrawalClearsThem() {
    rib.sync(routes("203.0.113.10/32", TAGGED));
    Update marked = rib.gracefulShutdown().get(0);
    assertTrue(marked.attribute(PathAttribute.Communities.class).orElseThrow().communities().contains(Community.GRACEFUL_SHUTDOWN));
    assertEquals(List.of(new Update(List.of(p("203.0.113.10/32")), List.of(), List.of())), rib.sync(Map.of()));
  }
}
