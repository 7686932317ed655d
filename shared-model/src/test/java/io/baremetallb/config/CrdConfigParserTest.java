package io.baremetallb.config;

import static io.baremetallb.config.ConfigFixtures.assertProblems;
import static io.baremetallb.config.ConfigFixtures.resource;
import static io.baremetallb.config.ConfigFixtures.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.ServiceAllocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrdConfigParserTest {

  @Test
  void priorityZeroMeansNoPriorityAsInMetallb() {
    Config c = valid(CrdConfigParser.parse("""
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: zero, namespace: metallb-system}
        spec:
          addresses: [192.0.2.0/28]
          serviceAllocation: {priority: 0, namespaces: [dev]}
        """));
    assertEquals(OptionalInt.empty(), c.pool("zero").orElseThrow().serviceAllocation().priority());
  }

  @Test
  void poolsKeepTheirAllocationRulesAndLabels() {
    Config c = valid(CrdConfigParser.parse(resource("crd-samples.yaml")));

    AddressPool production = c.pool("production").orElseThrow();
    assertEquals(List.of("192.0.2.0/26", "192.0.2.64-192.0.2.127", "2001:db8:1::/120"), production.addresses());
    assertEquals(new ServiceAllocation(OptionalInt.of(50), List.of("namespace-a"),
        List.of(LabelSelector.matchLabels(Map.of("team", "web"))),
        List.of(new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement("app", LabelSelector.Operator.IN,
            List.of("shop", "blog")))))), production.serviceAllocation());
    assertEquals(Map.of("zone", "east"), c.labelsOf("production"));
    assertTrue(!c.pool("staging").orElseThrow().autoAssign());
    assertEquals(List.of("production", "staging"), c.pools().stream().map(AddressPool::name).toList());
  }

  @Test
  void advertisementsSelectPoolsByNameOrLabel() {
    Config c = valid(CrdConfigParser.parse(resource("crd-samples.yaml")));

    assertEquals(List.of("l2-east"), c.l2AdvertisementsFor("production").stream().map(L2Advertisement::name).toList());
    assertEquals(List.of("l2-staging"), c.l2AdvertisementsFor("staging").stream().map(L2Advertisement::name).toList());
    assertEquals(List.of("eth0"), c.l2AdvertisementsFor("production").get(0).interfaces());
    assertTrue(c.l2AdvertisementsFor("production").get(0).selectsNode(Map.of("kubernetes.io/hostname", "node-1")));
    assertEquals(List.of(), c.bgpAdvertisementsFor("staging"));
  }

  @Test
  void bgpAdvertisementResolvesCommunityAliases() {
    Config c = valid(CrdConfigParser.parse(resource("crd-samples.yaml")));

    BgpAdvertisement adv = c.bgpAdvertisementsFor("production").get(0);
    assertEquals(new BgpAdvertisement("external", 26, 120, 100,
        // MetalLB's order: a standard community counts as the large community <its value>:0:0.
        List.of(new BgpCommunity.Large(64512, 10, 20), new BgpCommunity.Standard(65535, 65282)), List.of("production"),
        List.of(), List.of(new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement(
            "node-role.kubernetes.io/edge", LabelSelector.Operator.EXISTS, List.of())))), List.of("spine")), adv);
    assertEquals(List.of("spine"), c.peersOf(adv).stream().map(BgpPeer::name).toList());
  }

  @Test
  void peersCarryEveryField() {
    Config c = valid(CrdConfigParser.parse(resource("crd-samples.yaml")));

    assertEquals(new BgpPeer("spine", 64512, OptionalLong.of(4_200_000_000L), Optional.empty(),
        IpAddress.parse("192.0.2.254"), Optional.of(IpAddress.parse("192.0.2.253")), 1179, Duration.ofSeconds(9),
        Duration.ofSeconds(3), Optional.of(Duration.ofSeconds(10)), Optional.of(IpAddress.parse("10.10.10.10")),
        List.of(LabelSelector.matchLabels(Map.of("rack", "r1"))), "",
        Optional.of(new BgpPeer.SecretRef("spine-password", "metallb-system")), Optional.of("fast"), true, true, "red",
        false), c.peer("spine").orElseThrow());
    BgpPeer tor = c.peer("tor").orElseThrow();
    assertEquals(Optional.of(BgpPeer.DynamicAsn.EXTERNAL), tor.dynamicAsn());
    assertEquals(OptionalLong.empty(), tor.peerAsn());
    assertEquals(179, tor.peerPort());
    assertEquals(Duration.ofSeconds(90), tor.holdTime());
    assertEquals(List.of("tor"), c.peersForNode(Map.of()).stream().map(BgpPeer::name).toList());
    assertEquals(List.of("spine", "tor"), c.peersForNode(Map.of("rack", "r1")).stream().map(BgpPeer::name).toList());
  }

  @Test
  void bfdProfilesAndCommunities() {
    Config c = valid(CrdConfigParser.parse(resource("crd-samples.yaml")));

    assertEquals(new BfdProfile("fast", 100, 100, 5, 20, false, true, 250), c.bfdProfile("fast").orElseThrow());
    assertEquals(List.of(new Community("well-known",
        List.of(new Community.Alias("no-advertise", new BgpCommunity.Standard(65535, 65282))))), c.communities());
  }

  @Test
  void bfdProfileFieldsDefaultAsMetallbDocumentsThem() {
    Config c = valid(CrdConfigParser.parse("""
        apiVersion: metallb.io/v1beta1
        kind: BFDProfile
        metadata: {name: plain}
        """));
    assertEquals(BfdProfile.defaults("plain"), c.bfdProfile("plain").orElseThrow());
    assertEquals(new BfdProfile("plain", 300, 300, 3, 50, false, false, 254), c.bfdProfile("plain").orElseThrow());
  }

  @Test
  void theDocumentsSetupAsCustomResourcesEqualsTheLegacyForm() {
    String crds = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: my-ip-space, namespace: metallb-system}
        spec:
          addresses: [192.168.5.5-192.168.5.9]
        ---
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata: {name: l2advertisement1, namespace: metallb-system}
        spec:
          ipAddressPools: [my-ip-space]
        """;
    assertEquals(valid(LegacyConfigParser.parseConfigMap(resource("document-configmap.yaml"))),
        valid(CrdConfigParser.parse(crds)));
  }

  @Test
  void theBgpExampleAsCustomResourcesEqualsTheLegacyForm() {
    assertEquals(valid(LegacyConfigParser.parse(resource("legacy-bgp.yaml"))),
        valid(CrdConfigParser.parse(resource("crd-bgp.yaml"))));
  }

  @Test
  void objectOrderDoesNotMatter() {
    List<String> docs = new ArrayList<>(List.of(resource("crd-samples.yaml").split("\n---\n")));
    Config expected = valid(CrdConfigParser.parse(String.join("\n---\n", docs)));
    Random random = new Random(7);
    for (int i = 0; i < 10; i++) {
      Collections.shuffle(docs, random);
      assertEquals(expected, valid(CrdConfigParser.parseObjects(docs)));
    }
  }

  @Test
  void jsonAndParsedMapsAsAnInformerHandsThemOver() {
    String json = """
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool",
         "metadata":{"name":"my-ip-space","namespace":"metallb-system","uid":"1234","resourceVersion":"77",
                     "managedFields":[{"manager":"kubectl"}]},
         "spec":{"addresses":["192.168.5.5-192.168.5.9"],"autoAssign":true,"avoidBuggyIPs":false},
         "status":{"assignedIPv4":0}}
        """;
    // A JSON decoder such as Gson gives every number as a double.
    Map<String, Object> l2 = Map.of("apiVersion", "metallb.io/v1beta1", "kind", "L2Advertisement",
        "metadata", Map.of("name", "l2advertisement1"), "spec", Map.of("ipAddressPools", List.of("my-ip-space")));
    Map<String, Object> peer = Map.of("apiVersion", "metallb.io/v1beta2", "kind", "BGPPeer",
        "metadata", Map.of("name", "peer1"),
        "spec", Map.of("myASN", 64500.0, "peerASN", 64501.0, "peerAddress", "10.0.0.1"));

    Config c = valid(CrdConfigParser.parseObjects(List.of(json, l2, peer)));

    assertEquals(valid(LegacyConfigParser.parse(ConfigFixtures.DOCUMENT_CONFIG)).pools(), c.pools());
    assertEquals(64501, c.peer("peer1").orElseThrow().peerAsn().getAsLong());
  }

  @Test
  void objectsThatDoNotParseAreReportedByTheirIndex() {
    assertProblems(CrdConfigParser.parseObjects(List.of("{\"kind\": ", "", 42)),
        "objects[0]: not valid YAML: line 1, column 10: expected the node content, but found '<stream end>'",
        "objects[1]: empty text, expected one object",
        "objects[2]: expected an object with apiVersion and kind, got the number 42");
  }

  @Test
  void aListOfObjectsIsReadItemByItem() {
    String list = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: metallb.io/v1beta1
          kind: IPAddressPool
          metadata: {name: a}
          spec: {addresses: [192.0.2.0/28]}
        - apiVersion: metallb.io/v1beta1
          kind: IPAddressPool
          metadata: {name: b}
          spec: {addresses: [192.0.2.16/28]}
        """;
    assertEquals(List.of("a", "b"), valid(CrdConfigParser.parse(list)).pools().stream().map(AddressPool::name).toList());
  }

  @Test
  void v1beta1PeersAreAcceptedWithTheirOwnFields() {
    String peer = """
        apiVersion: metallb.io/v1beta1
        kind: BGPPeer
        metadata: {name: old}
        spec: {myASN: 64500, peerASN: 64501, peerAddress: 10.0.0.1, holdTime: 30s}
        """;
    assertEquals(Duration.ofSeconds(10), valid(CrdConfigParser.parse(peer)).peer("old").orElseThrow().keepaliveTime());
    assertProblems(CrdConfigParser.parse(peer.replace("holdTime: 30s", "vrf: red")),
        "BGPPeer/old.spec.vrf: unknown field (expected one of: myASN, peerASN, peerAddress, sourceAddress, peerPort, "
            + "holdTime, keepaliveTime, routerID, nodeSelectors, password, bfdProfile, ebgpMultiHop)");
  }

  @Test
  void advertisementsOnDisjointNodesMayDifferInLocalPreference() {
    String crds = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: p}
        spec: {addresses: [192.0.2.0/28]}
        ---
        apiVersion: metallb.io/v1beta1
        kind: BGPAdvertisement
        metadata: {name: east}
        spec:
          localPref: 100
          nodeSelectors: [{matchLabels: {zone: east}}]
        ---
        apiVersion: metallb.io/v1beta1
        kind: BGPAdvertisement
        metadata: {name: west}
        spec:
          localPref: 200
          nodeSelectors: [{matchLabels: {zone: west}}]
        """;
    assertEquals(2, valid(CrdConfigParser.parse(crds)).bgpAdvertisementsFor("p").size());
    assertProblems(CrdConfigParser.parse(crds.replace("zone: west", "zone: east")),
        "BGPAdvertisement/west.spec.localPref \"200\": local preference differs from 100 of BGPAdvertisement/east.spec "
            + "for the same prefixes of pool \"p\" sent to the same peers from the same nodes");
  }

  @Test
  void aFileWithManyProblemsReportsAllOfThem() {
    assertProblems(CrdConfigParser.parse(resource("crd-many-problems.yaml")),
        "IPAddressPool/first.spec.addresses[1] \"192.0.2.300\": 300 is larger than 255",
        "IPAddressPool/first.spec.autoAssign: expected true or false, got the string \"yes\"",
        "IPAddressPool/second.spec.avoidBuggyIps: unknown field (expected one of: addresses, autoAssign, avoidBuggyIPs, "
            + "serviceAllocation)",
        "L2Advertisement/l2.spec.nodeSelectors[0].matchExpressions[0].values: Exists takes no values",
        "BGPPeer/router.spec.myASN \"0\": an AS number must be between 1 and 4294967295",
        "BGPPeer/router.spec.holdTime \"1s\": hold time must be 0 or at least 3s",
        "BFDProfile/slow.spec.receiveInterval \"70000\": a receive interval (ms) must be between 10 and 60000",
        "Service/not-ours: apiVersion v1 kind Service is not a metallb.io configuration kind (expected metallb.io/v1beta1 "
            + "IPAddressPool, L2Advertisement, BGPAdvertisement, BFDProfile, Community or BGPPeer, or metallb.io/v1beta2 "
            + "BGPPeer)",
        "IPAddressPool/second.spec.addresses[0] \"192.0.2.128/25\": overlaps \"192.0.2.0/24\" of pool \"first\" "
            + "(IPAddressPool/first.spec.addresses[0])",
        "L2Advertisement/l2.spec.ipAddressPools[0] \"fourth\": no pool has this name",
        "BGPAdvertisement/adv.spec.ipAddressPools[1] \"third\": no pool has this name",
        "BGPAdvertisement/adv.spec.peers[0] \"nobody\": no BGP peer has this name",
        "BGPPeer/router.spec.bfdProfile \"missing\": no BFD profile has this name",
        "BGPAdvertisement/adv.spec.communities[0] \"unknown-alias\": unknown community alias (not a value like "
            + "65535:65282 or large:1:2:3, and no bgp-communities entry or Community alias has this name)",
        "BGPAdvertisement/adv.spec.aggregationLength \"16\": aggregation length is shorter than the prefix /24 of "
            + "\"192.0.2.0/24\" in pool \"first\", so the aggregate would cover addresses outside the pool");
  }
}
