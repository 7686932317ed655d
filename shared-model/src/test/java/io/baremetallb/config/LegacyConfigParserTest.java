package io.baremetallb.config;

import static io.baremetallb.config.ConfigFixtures.resource;
import static io.baremetallb.config.ConfigFixtures.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.ServiceAllocation;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LegacyConfigParserTest {

  @Test
  void theDocumentsConfigMapGivesFiveAddressesInMyIpSpace() {
    Config c = valid(LegacyConfigParser.parseConfigMap(resource("document-configmap.yaml")));

    assertEquals(List.of(AddressPool.of("my-ip-space", "192.168.5.5-192.168.5.9")), c.pools());
    AddressPool pool = c.pool("my-ip-space").orElseThrow();
    assertEquals(BigInteger.valueOf(5), pool.size(IpFamily.IPV4));
    assertTrue(pool.autoAssign());
    assertEquals(List.of(new L2Advertisement("l2advertisement1", List.of("my-ip-space"), List.of(), List.of(), List.of())),
        c.l2AdvertisementsFor("my-ip-space"));
    assertEquals(List.of(), c.bgpAdvertisements());
    assertEquals(List.of(), c.peers());
  }

  @Test
  void theConfigKeyAloneParsesToTheSameConfig() {
    assertEquals(valid(LegacyConfigParser.parseConfigMap(resource("document-configmap.yaml"))),
        valid(LegacyConfigParser.parse(ConfigFixtures.DOCUMENT_CONFIG)));
  }

  @Test
  void emptyTextIsAnEmptyConfig() {
    assertEquals(Config.EMPTY, valid(LegacyConfigParser.parse("")));
    assertEquals(Config.EMPTY, valid(LegacyConfigParser.parse("# nothing yet\n")));
  }

  @Test
  void bgpExampleTranslatesAsConfigmaptocrsDoes() {
    Config c = valid(LegacyConfigParser.parse(resource("legacy-bgp.yaml")));

    AddressPool bgpPool = new AddressPool("my-ip-space", List.of("198.51.100.0/24"),
        List.of(io.baremetallb.ip.Cidr.parse("198.51.100.0/24").toRange()), true, true, ServiceAllocation.UNRESTRICTED);
    AddressPool l2Pool = AddressPool.of("l2-space", "203.0.113.10-203.0.113.20").withAutoAssign(false);
    assertEquals(List.of(l2Pool, bgpPool), c.pools());

    BgpCommunity bar = new BgpCommunity.Standard(64512, 1234);
    BgpCommunity noAdvertise = new BgpCommunity.Standard(65535, 65282);
    BgpCommunity big = new BgpCommunity.Large(64512, 1, 2);
    assertEquals(List.of(
        new BgpAdvertisement("bgpadvertisement1", 32, 128, 100, List.of(bar, noAdvertise), List.of("my-ip-space"),
            List.of(), List.of(), List.of()),
        new BgpAdvertisement("bgpadvertisement2", 24, 128, 0, List.of(big), List.of("my-ip-space"),
            List.of(), List.of(), List.of())), c.bgpAdvertisementsFor("my-ip-space"));
    assertEquals(List.of(), c.bgpAdvertisementsFor("l2-space"));
    assertEquals(List.of("l2advertisement1"), c.l2AdvertisementsFor("l2-space").stream().map(L2Advertisement::name).toList());
    assertEquals(List.of(new Community("communities", List.of(new Community.Alias("bar", bar), new Community.Alias("big", big)))),
        c.communities());
  }

  @Test
  void peersGetDefaultsAndTheirSelectors() {
    Config c = valid(LegacyConfigParser.parse(resource("legacy-bgp.yaml")));

    BgpPeer first = c.peer("peer1").orElseThrow();
    assertEquals(64500, first.myAsn());
    assertEquals(OptionalLong.of(64501), first.peerAsn());
    assertEquals(IpAddress.parse("10.0.0.1"), first.peerAddress());
    assertEquals(1179, first.peerPort());
    assertEquals(Duration.ofSeconds(120), first.holdTime());
    assertEquals(Duration.ofSeconds(40), first.keepaliveTime());
    assertEquals(Optional.of(IpAddress.parse("10.0.0.100")), first.routerId());
    assertEquals(Optional.of(IpAddress.parse("10.0.0.2")), first.sourceAddress());
    assertEquals("yourPassword", first.password());
    assertEquals(List.of(new LabelSelector(Map.of("rack", "frontend"), List.of(new LabelSelector.Requirement(
        "network-speed", LabelSelector.Operator.NOT_IN, List.of("slow"))))), first.nodeSelectors());

    BgpPeer second = c.peer("peer2").orElseThrow();
    assertEquals(179, second.peerPort());
    assertEquals(Duration.ofSeconds(90), second.holdTime());
    assertEquals(Duration.ofSeconds(30), second.keepaliveTime());
    assertTrue(second.isInternal());
    assertEquals(List.of(), second.nodeSelectors());
  }

  @Test
  void peersForANodeFollowTheNodeSelectors() {
    Config c = valid(LegacyConfigParser.parse(resource("legacy-bgp.yaml")));

    assertEquals(List.of("peer1", "peer2"), names(c.peersForNode(Map.of("rack", "frontend"))));
    assertEquals(List.of("peer2"), names(c.peersForNode(Map.of("rack", "frontend", "network-speed", "slow"))));
    assertEquals(List.of("peer2"), names(c.peersForNode(Map.of())));
  }

  @Test
  void passwordIsNotPrinted() {
    Config c = valid(LegacyConfigParser.parse(resource("legacy-bgp.yaml")));

    assertTrue(c.peer("peer1").orElseThrow().toString().contains("password=***"));
    assertTrue(!c.toString().contains("yourPassword"));
  }

  @Test
  void yamlScalarsDecodeAsMetallbsYamlDecoderDecodesThem() {
    // unquoted "no" is YAML 1.1's false, and a number is accepted where a string is expected
    Config c = valid(LegacyConfigParser.parse(ConfigFixtures.DOCUMENT_CONFIG + "  auto-assign: no\n"
        + "peers:\n- {peer-address: 10.0.0.1, peer-asn: 64501, my-asn: 64500, password: 1234}\n"));
    assertTrue(!c.pool("my-ip-space").orElseThrow().autoAssign());
    assertEquals("1234", c.peer("peer1").orElseThrow().password());
  }

  @Test
  void anUnquotedCommunityStaysTextAsInMetallbsExample() {
    // YAML 1.1 would read 65535:65282 as a base-60 integer; Go's yaml.v2, and so MetalLB, does not
    Config c = valid(LegacyConfigParser.parse("bgp-communities:\n  no-advertise: 65535:65282\n"));
    assertEquals(new BgpCommunity.Standard(65535, 65282), c.communities().get(0).aliases().get(0).value());
  }

  @Test
  void aFileWithManyProblemsReportsAllOfThem() {
    ConfigFixtures.assertProblems(LegacyConfigParser.parse(resource("legacy-many-problems.yaml")),
        "address-pools[0].addresses[0] \"192.168.5.9-192.168.5.5\": range ends before it starts",
        "address-pools[1].auto-assign: expected true or false, got the string \"yes\"",
        "address-pools[2].protocol \"arp\": unknown protocol, expected layer2 or bgp",
        "peers[0].my-asn \"0\": an AS number must be between 1 and 4294967295",
        "peers[0].hold-time \"2s\": hold time must be 0 or at least 3s",
        "peers[1].peer-address \"10.0.0.300\": 300 is larger than 255",
        "bgp-communities.bar \"1:2:3\": malformed community: a community is written <0-65535>:<0-65535> or "
            + "large:<number>:<number>:<number>",
        "address-pools[1].name \"my-ip-space\": duplicate pool name, also at address-pools[0].name",
        "address-pools[1].addresses[0] \"192.168.5.128/25\": overlaps \"192.168.5.0/24\" of pool \"my-ip-space\" "
            + "(address-pools[0].addresses[1])",
        "peers[1].bfd-profile \"fast\": no BFD profile has this name",
        "address-pools[1].bgp-advertisements[0].communities[1] \"nope\": unknown community alias (not a value like "
            + "65535:65282 or large:1:2:3, and no bgp-communities entry or Community alias has this name)",
        "address-pools[1].bgp-advertisements[0].aggregation-length \"24\": aggregation length is shorter than the "
            + "prefix /25 of \"192.168.5.128/25\" in pool \"my-ip-space\", so the aggregate would cover addresses "
            + "outside the pool");
  }

  private static List<String> names(List<BgpPeer> peers) {
    return peers.stream().map(BgpPeer::name).toList();
  }
}
