package io.baremetallb.announcer.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.config.BgpPeer;
import io.baremetallb.ip.IpAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeerSettingsTest {
  static final LocalNode NODE = node();
  static final BgpPeer TOR = Peers.ebgp("tor", "192.0.2.1", 179);
  static final BgpPeer.SecretRef SECRET = new BgpPeer.SecretRef("bgp-pass", "metallb-system");

  static LocalNode node() {
    try {
      return new LocalNode("n1", (Inet4Address) InetAddress.getByName("192.0.2.11"),
          Optional.of((Inet6Address) InetAddress.getByName("2001:db8:0:1::11")));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static PeerConfig ok(BgpPeer peer, Map<String, String> passwords) {
    return assertInstanceOf(PeerSettings.Ok.class, PeerSettings.of(peer, NODE, passwords, Duration.ZERO)).config();
  }

  static String problem(BgpPeer peer, Map<String, String> passwords) {
    return assertInstanceOf(PeerSettings.Problem.class, PeerSettings.of(peer, NODE, passwords, Duration.ZERO)).message();
  }

  @Test
  void directEbgpSendsWithTtl1MultihopWith255AndIbgpLeavesTheDefault() {
    assertEquals(1, ok(TOR, Map.of()).ttl());
    assertEquals(255, ok(Peers.with(TOR, 64512, true, "", Optional.empty(), Optional.empty()), Map.of()).ttl());
    assertEquals(0, ok(Peers.with(TOR, 64513, false, "", Optional.empty(), Optional.empty()), Map.of()).ttl());
  }

  @Test
  void thePasswordComesFromThePeerOrItsSecret() {
    assertEquals("inline", ok(Peers.with(TOR, 64512, false, "inline", Optional.empty(), Optional.empty()), Map.of())
        .md5Password());
    BgpPeer fromSecret = Peers.with(TOR, 64512, false, "", Optional.of(SECRET), Optional.empty());
    assertEquals("from-secret", ok(fromSecret, Map.of("metallb-system/bgp-pass", "from-secret")).md5Password());
    assertEquals("BGPPeer tor: passwordSecret metallb-system/bgp-pass not found or has no key \"password\"",
        problem(fromSecret, Map.of()));
  }

  @Test
  void routerIdIsTheNodesIpv4UnlessPinned() {
    assertEquals("192.0.2.11", ok(TOR, Map.of()).session().routerId().getHostAddress());
    BgpPeer pinned = Peers.with(TOR, 64512, false, "", Optional.empty(), Optional.of(IpAddress.parse("198.51.100.9")));
    assertEquals("198.51.100.9", ok(pinned, Map.of()).session().routerId().getHostAddress());
  }

  @Test
  void addressPortHoldTimeAndNextHopV6ComeThrough() {
    PeerConfig c = ok(Peers.withHoldTime(Peers.ebgp("x", "2001:db8::1", 1179), Duration.ofSeconds(9)), Map.of());
    assertEquals(1179, c.peer().getPort());
    assertEquals(9, c.session().holdTimeSeconds());
    assertEquals(Optional.of("2001:db8:0:1:0:0:0:11"), c.nextHopV6().map(InetAddress::getHostAddress));
    assertTrue(c.session().gracefulRestart().isEmpty(), "graceful restart only when the peer asks for it");
  }

  static BgpPeer dynamic(BgpPeer.DynamicAsn which) {
    return new BgpPeer("dyn", 64513, OptionalLong.empty(), Optional.of(which), IpAddress.parse("192.0.2.1"),
        Optional.empty(), 179, Duration.ofSeconds(90), Duration.ofSeconds(30), Optional.empty(), Optional.empty(),
        java.util.List.of(), "", Optional.empty(), Optional.empty(), false, false, "", false);
  }

  @Test
  void dynamicAsnInternalIsOurNumberAndExternalAcceptsAnyOther() {
    PeerConfig internal = ok(dynamic(BgpPeer.DynamicAsn.INTERNAL), Map.of());
    assertEquals(64513, internal.session().peerAs());
    assertEquals(0, internal.ttl(), "iBGP keeps the system TTL");
    PeerConfig external = ok(dynamic(BgpPeer.DynamicAsn.EXTERNAL), Map.of());
    assertEquals(io.baremetallb.announcer.bgp.fsm.SessionConfig.ANY_EXTERNAL_AS, external.session().peerAs());
    assertEquals(1, external.ttl());
  }

  @Test
  void unsupportedSettingsAreProblemsNamingThePeer() {
    assertEquals("BGPPeer tor: holdTime must be 0 or at least 3s, got 2s",
        problem(Peers.withHoldTime(TOR, Duration.ofSeconds(2)), Map.of()));
  }

  @Test
  void metricLabelIsAddressAndPortWithIpv6InBrackets() {
    assertEquals("192.0.2.1:179", PeerSettings.label(TOR));
    assertEquals("[2001:db8::1]:1179", PeerSettings.label(Peers.ebgp("x", "2001:db8::1", 1179)));
  }
}
