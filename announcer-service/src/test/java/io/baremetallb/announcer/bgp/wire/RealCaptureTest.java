package io.baremetallb.announcer.bgp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages that BIRD, GoBGP and FRR really sent (vectors/bgp/*.hex, made by capture.sh there). */
class RealCaptureTest {
  static List<byte[]> capture(String name) {
    try (InputStream in = RealCaptureTest.class.getResourceAsStream("/vectors/bgp/" + name)) {
      List<byte[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(HexFormat.of().parseHex(line.strip()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(name, e);
    }
  }

  static List<BgpMessage> decoded(String name) {
    List<BgpMessage> out = new ArrayList<>();
    for (byte[] m : capture(name)) {
      out.add(assertInstanceOf(DecodeResult.Accepted.class, BgpCodec.decode(ByteBuffer.wrap(m), CodecOptions.FOUR_OCTET_AS)).message());
    }
    return out;
  }

  static List<Update> updates(String name) {
    return decoded(name).stream().filter(Update.class::isInstance).map(Update.class::cast).toList();
  }

  static Open open(String name) {
    return decoded(name).stream().filter(Open.class::isInstance).map(Open.class::cast).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bird.hex", "gobgp.hex", "frr.hex"})
  void everyCapturedMessageDecodesAndRoundTrips(String name) {
    List<BgpMessage> all = decoded(name);
    assertTrue(all.size() > 5, name + " holds " + all.size() + " messages");
    for (BgpMessage m : all) {
      assertEquals(m, BgpCodec.decode(ByteBuffer.wrap(BgpCodec.encode(m))), name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bird.hex", "gobgp.hex", "frr.hex"})
  void framerCutsTheWholeCaptureIntoTheSameMessages(String name) {
    List<byte[]> messages = capture(name);
    ByteBuffer stream = ByteBuffer.allocate(messages.stream().mapToInt(m -> m.length).sum());
    messages.forEach(stream::put);
    stream.flip();
    int n = 0;
    while (BgpFramer.next(stream).isPresent()) {
      n++;
    }
    assertEquals(messages.size(), n);
  }

  @Test
  void birdOpenOffersBothFamiliesAndFourOctetAs() {
    Open open = open("bird.hex");
    assertEquals(64512, open.asNumber());
    assertEquals(Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), open.families());
    assertTrue(open.supportsFourOctetAs());
    assertTrue(open.capability(Capability.GracefulRestart.class).isPresent(), "BIRD is GR-aware by default");
  }

  @Test
  void birdUpdatesCarryItsCommunitiesAndIpv6NextHops() {
    List<Update> updates = updates("bird.hex");
    Update v4 = updates.stream().filter(u -> u.nlri().contains(Prefix.parse("198.51.100.0/24"))).findFirst().orElseThrow();
    assertEquals(List.of(Community.parse("64512:1")), v4.attribute(PathAttribute.Communities.class).orElseThrow().communities());
    assertEquals(List.of(LargeCommunity.parse("64512:1:2")),
        v4.attribute(PathAttribute.LargeCommunities.class).orElseThrow().communities());
    assertEquals(new PathAttribute.MultiExitDisc(10), v4.attribute(PathAttribute.MultiExitDisc.class).orElseThrow());
    PathAttribute.MpReach v6 = updates.stream().flatMap(u -> u.attribute(PathAttribute.MpReach.class).stream())
        .filter(r -> r.nlri().contains(Prefix.parse("2001:db8:100::/48"))).findFirst().orElseThrow();
    assertEquals(Afi.IPV6, v6.afi());
    assertTrue(updates.stream().anyMatch(u -> u.endOfRibFamily().isPresent()), "BIRD sends End-of-RIB");
  }

  @Test
  void gobgpAnnouncesWithdrawsAndSaysCease() {
    List<BgpMessage> all = decoded("gobgp.hex");
    Update announce = updates("gobgp.hex").stream().filter(u -> u.nlri().contains(Prefix.parse("203.0.113.0/24"))).findFirst().orElseThrow();
    assertEquals(List.of(Community.parse("64513:7")), announce.attribute(PathAttribute.Communities.class).orElseThrow().communities());
    assertEquals(List.of(LargeCommunity.parse("64513:1:2")),
        announce.attribute(PathAttribute.LargeCommunities.class).orElseThrow().communities());
    assertTrue(updates("gobgp.hex").stream().anyMatch(u -> u.withdrawn().contains(Prefix.parse("203.0.113.0/24"))));
    assertTrue(updates("gobgp.hex").stream().flatMap(u -> u.attribute(PathAttribute.MpReach.class).stream())
        .anyMatch(r -> r.nlri().contains(Prefix.parse("2001:db8:200::/48"))));
    Notification last = (Notification) all.stream().filter(Notification.class::isInstance).findFirst().orElseThrow();
    assertEquals(ErrorCode.CEASE.byteValue(), last.code());
  }

  @Test
  void frrOpenCarriesCapabilitiesWeDoNotInterpret() {
    Open open = open("frr.hex");
    assertEquals(64513, open.asNumber());
    assertTrue(open.capabilities().stream().anyMatch(c -> c instanceof Capability.Unknown u && u.code() == 73),
        "FRR's FQDN capability (73) is carried through: " + open.capabilities());
  }

  @Test
  void frrAnnouncesAndWithdrawsWithCommunities() {
    List<Update> updates = updates("frr.hex");
    Update announce = updates.stream().filter(u -> u.nlri().contains(Prefix.parse("203.0.113.64/26"))).findFirst().orElseThrow();
    assertEquals(List.of(Community.parse("64513:9")), announce.attribute(PathAttribute.Communities.class).orElseThrow().communities());
    assertEquals(List.of(LargeCommunity.parse("64513:3:4")),
        announce.attribute(PathAttribute.LargeCommunities.class).orElseThrow().communities());
    assertTrue(updates.stream().anyMatch(u -> u.withdrawn().contains(Prefix.parse("203.0.113.64/26"))));
    assertTrue(updates.stream().flatMap(u -> u.attribute(PathAttribute.MpReach.class).stream())
        .anyMatch(r -> r.nlri().contains(Prefix.parse("2001:db8:300::/48"))));
  }
}
