package io.baremetallb.announcer.bgp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.LargeCommunity;
import io.baremetallb.announcer.bgp.wire.OriginType;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.config.LegacyConfigParser;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Table tests: one row per rule of the planner, each read as a small story. */
class AdvertisementPlannerTest {
  // Two routers: "tor" (eBGP, every node) and "rr" (iBGP, only nodes labelled rack=a).
  // Pools: "web" advertised to every peer with a community alias and a large community;
  // "agg" aggregated to /24 and /64; "only-tor" to tor only from rack=b; "internal" with localPref;
  // "l2" layer 2 only; "lonely" only to rr and only from rack=b, which rr does not peer with.
  static final String CRDS = """
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: web, namespace: metallb-system, labels: {tier: front}}
      spec: {addresses: [192.0.2.0/28, "2001:db8:1::/120"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: agg, namespace: metallb-system}
      spec: {addresses: [198.51.100.0/24, "2001:db8:2::/64"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: only-tor, namespace: metallb-system}
      spec: {addresses: [192.0.2.16/28]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: internal, namespace: metallb-system}
      spec: {addresses: [192.0.2.32/28]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: l2, namespace: metallb-system}
      spec: {addresses: [192.0.2.48/28]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: lonely, namespace: metallb-system}
      spec: {addresses: [192.0.2.64/28]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: Community
      metadata: {name: aliases, namespace: metallb-system}
      spec:
        communities:
        - {name: no-export, value: "65535:65281"}
      ---
      apiVersion: metallb.io/v1beta2
      kind: BGPPeer
      metadata: {name: tor, namespace: metallb-system}
      spec: {myASN: 64513, peerASN: 64512, peerAddress: 192.0.2.1}
      ---
      apiVersion: metallb.io/v1beta2
      kind: BGPPeer
      metadata: {name: rr, namespace: metallb-system}
      spec:
        myASN: 64513
        peerASN: 64513
        peerAddress: 192.0.2.2
        nodeSelectors: [{matchLabels: {rack: a}}]
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: front, namespace: metallb-system}
      spec:
        ipAddressPoolSelectors: [{matchLabels: {tier: front}}]
        communities: [no-export, "large:64513:1:2"]
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: aggregated, namespace: metallb-system}
      spec: {ipAddressPools: [agg], aggregationLength: 24, aggregationLengthV6: 64}
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: tor-from-rack-b, namespace: metallb-system}
      spec:
        ipAddressPools: [only-tor]
        peers: [tor]
        nodeSelectors: [{matchLabels: {rack: b}}]
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: preferred, namespace: metallb-system}
      spec: {ipAddressPools: [internal], localPref: 200, communities: ["64512:7"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: internal-second, namespace: metallb-system}
      spec: {ipAddressPools: [internal], localPref: 200, communities: ["64512:8"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: to-nobody, namespace: metallb-system}
      spec:
        ipAddressPools: [lonely]
        peers: [rr]
        nodeSelectors: [{matchLabels: {rack: b}}]
      ---
      apiVersion: metallb.io/v1beta1
      kind: L2Advertisement
      metadata: {name: l2, namespace: metallb-system}
      spec: {ipAddressPools: [l2]}
      """;

  static final Map<String, NodeView> NODES = Map.of(
      "n1", node("n1", Map.of("rack", "a")),
      "n2", node("n2", Map.of("rack", "b")),
      "n3", new NodeView("n3", Map.of("rack", "a"), true, false, true));

  static final RouteAttributes FRONT = RouteAttributes.PLAIN.withCommunities(List.of(new Community(65535, 65281)))
      .withLargeCommunities(List.of(new LargeCommunity(64513, 1, 2)));

  final AdvertisementPlanner planner = new AdvertisementPlanner();

  record Row(String story, ServiceIps service, String node, Map<String, Map<String, RouteAttributes>> expected) {
    @Override
    public String toString() {
      return story;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("a Cluster service goes from every node to every peer that selects the node, with its communities",
            svc("web", "192.0.2.5"), "n1",
            Map.of("tor", Map.of("192.0.2.5/32", FRONT), "rr", Map.of("192.0.2.5/32", FRONT))),
        new Row("a node outside rr's nodeSelectors peers only with tor",
            svc("web", "192.0.2.5"), "n2", Map.of("tor", Map.of("192.0.2.5/32", FRONT))),
        new Row("an IPv6 address of the same pool gets the same attributes as a /128",
            svc("web", "2001:db8:1::7"), "n2", Map.of("tor", Map.of("2001:db8:1::7/128", FRONT))),
        new Row("aggregationLength 24 and aggregationLengthV6 64: two IPs become one prefix per family",
            svc("agg", "198.51.100.7", "198.51.100.9", "2001:db8:2::1"), "n2",
            Map.of("tor", Map.of("198.51.100.0/24", RouteAttributes.PLAIN, "2001:db8:2::/64", RouteAttributes.PLAIN))),
        new Row("an advertisement for peer tor from rack=b nodes: n2 sends it to tor",
            svc("only-tor", "192.0.2.17"), "n2", Map.of("tor", Map.of("192.0.2.17/32", RouteAttributes.PLAIN))),
        new Row("the same advertisement does not select n1: nothing from n1",
            svc("only-tor", "192.0.2.17"), "n1", Map.of("tor", Map.of(), "rr", Map.of())),
        new Row("localPref goes to the iBGP peer only; two advertisements of a pool merge their communities",
            svc("internal", "192.0.2.33"), "n1",
            Map.of("tor", Map.of("192.0.2.33/32", RouteAttributes.PLAIN.withCommunities(c("64512:7", "64512:8"))),
                "rr", Map.of("192.0.2.33/32", RouteAttributes.PLAIN.withCommunities(c("64512:7", "64512:8")).withLocalPref(200)))),
        new Row("a layer-2 pool is not BGP's business",
            svc("l2", "192.0.2.49"), "n1", Map.of("tor", Map.of(), "rr", Map.of())),
        new Row("an advertisement naming only a peer this node does not have sends nothing",
            svc("lonely", "192.0.2.65"), "n1", Map.of("tor", Map.of(), "rr", Map.of())),
        new Row("an excluded node advertises nothing but still lists its peers",
            svc("web", "192.0.2.5"), "n3", Map.of("tor", Map.of(), "rr", Map.of())),
        new Row("Local: a node with a ready endpoint advertises",
            ServiceIps.local(key("web"), Set.of("n2"), ip("192.0.2.6")), "n2",
            Map.of("tor", Map.of("192.0.2.6/32", FRONT))),
        new Row("Local: a node without a ready endpoint does not",
            ServiceIps.local(key("web"), Set.of("n2"), ip("192.0.2.6")), "n1", Map.of("tor", Map.of(), "rr", Map.of())),
        new Row("an IP in no pool (config changed under it) is not advertised",
            svc("web", "203.0.113.9"), "n1", Map.of("tor", Map.of(), "rr", Map.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void plansRoutesPerPeer(Row row) {
    BgpPlan plan = planner.plan(crds(), List.of(row.service()), NODES, row.node());
    assertEquals(routes(row.expected()), plan.routes(), row.story());
  }

  @Test
  void peersByServiceListsWhereEachServiceGoes() {
    BgpPlan plan = planner.plan(crds(), List.of(svc("web", "192.0.2.5"), svc("only-tor", "192.0.2.17")), NODES, "n1");
    assertEquals(Map.of(key("web"), Set.of("rr", "tor")), plan.peersByService());
  }

  @Test
  void unadvertisedSaysWhyNodeByNode() {
    ServiceIps local = ServiceIps.local(key("web"), Set.of(), ip("192.0.2.6"));
    BgpPlan plan = planner.plan(crds(), List.of(local, svc("lonely", "192.0.2.65"), svc("web", "192.0.2.5")), NODES, "n1");
    assertEquals(Map.of(
        key("web"), List.of(new Unadvertised(ip("192.0.2.6"), "advertised by no node to any BGP peer; "
            + "n1, n2: externalTrafficPolicy Local and no ready endpoint on the node; "
            + "n3: node excluded from load balancers (label node.kubernetes.io/exclude-from-external-load-balancers)")),
        key("lonely"), List.of(new Unadvertised(ip("192.0.2.65"), "advertised by no node to any BGP peer; "
            + "n1: no BGPAdvertisement of pool lonely selects the node (nodeSelectors); "
            + "n2: BGPAdvertisement to-nobody names only peers that do not peer with the node; "
            + "n3: node excluded from load balancers (label node.kubernetes.io/exclude-from-external-load-balancers)"))),
        plan.unadvertised());
  }

  @Test
  void noPeerForAnyNodeIsTheReason() {
    Map<String, NodeView> onlyRackC = Map.of("n9", node("n9", Map.of("rack", "c")));
    Config noTor = parse(CRDS.replace("peerAddress: 192.0.2.1}", "peerAddress: 192.0.2.1, nodeSelectors: [{matchLabels: {rack: a}}]}"));
    BgpPlan plan = planner.plan(noTor, List.of(svc("web", "192.0.2.5")), onlyRackC, "n9");
    assertEquals(Map.of(), plan.routes());
    assertEquals(List.of(new Unadvertised(ip("192.0.2.5"), "advertised by no node to any BGP peer; n9: no BGPPeer selects the node")),
        plan.unadvertised().get(key("web")));
  }

  // The user's document (section 3.1): one layer-2 pool 192.168.5.5-192.168.5.9 in the legacy ConfigMap,
  // and section 5.2: two Services sharing 192.168.5.9. In layer 2 mode BGP announces nothing and reports nothing.
  static final String DOCUMENT = """
      address-pools:
      - name: my-ip-space
        protocol: layer2
        addresses:
        - 192.168.5.5-192.168.5.9
      """;

  @Test
  void theDocumentsLayer2ConfigGivesNoBgpRoutes() {
    Config config = legacy(DOCUMENT);
    List<ServiceIps> shared = List.of(svc("myapp-svc", "192.168.5.9"), svc("webapp-svc-2", "192.168.5.9"));
    BgpPlan plan = planner.plan(config, shared, Map.of("t32", node("t32", Map.of())), "t32");
    assertEquals(BgpPlan.EMPTY, plan);
  }

  @Test
  void theDocumentsPoolInBgpModeGoesToTheLegacyPeerOnce() {
    // The same document switched to section 2.4's BGP mode, as MetalLB's v0.9 format writes it.
    Config config = legacy("""
        peers:
        - peer-address: 192.0.2.1
          peer-asn: 64512
          my-asn: 64513
        address-pools:
        - name: my-ip-space
          protocol: bgp
          addresses:
          - 192.168.5.5-192.168.5.9
        """);
    List<ServiceIps> shared = List.of(svc("myapp-svc", "192.168.5.9"), svc("webapp-svc-2", "192.168.5.9"));
    BgpPlan plan = planner.plan(config, shared, Map.of("t32", node("t32", Map.of())), "t32");
    String peer = config.peers().get(0).name();
    assertEquals(Map.of(peer, Map.of(Prefix.parse("192.168.5.9/32"), RouteAttributes.PLAIN)), plan.routes());
    assertEquals(Map.of(key("myapp-svc"), Set.of(peer), key("webapp-svc-2"), Set.of(peer)), plan.peersByService());
    assertTrue(plan.unadvertised().isEmpty());
  }

  @Test
  void mergeIsOrderIndependent() {
    RouteAttributes a = RouteAttributes.PLAIN.withCommunities(c("65535:1", "1:1")).withLocalPref(10);
    RouteAttributes b = RouteAttributes.PLAIN.withCommunities(c("2:2")).withLargeCommunities(List.of(new LargeCommunity(1, 2, 3)));
    assertEquals(AdvertisementPlanner.merge(a, b), AdvertisementPlanner.merge(b, a));
    assertEquals(new RouteAttributes(OriginType.IGP, Optional.empty(), Optional.of(10L), c("1:1", "2:2", "65535:1"),
        List.of(new LargeCommunity(1, 2, 3))), AdvertisementPlanner.merge(a, b));
  }

  static Config crds() {
    return parse(CRDS);
  }

  static Config parse(String yaml) {
    ConfigResult r = CrdConfigParser.parse(yaml);
    assertTrue(r instanceof ConfigResult.Valid, () -> r.toString());
    return ((ConfigResult.Valid) r).config();
  }

  static Config legacy(String text) {
    ConfigResult r = LegacyConfigParser.parse(text);
    assertTrue(r instanceof ConfigResult.Valid, () -> r.toString());
    return ((ConfigResult.Valid) r).config();
  }

  static Map<String, Map<Prefix, RouteAttributes>> routes(Map<String, Map<String, RouteAttributes>> text) {
    Map<String, Map<Prefix, RouteAttributes>> out = new java.util.TreeMap<>();
    text.forEach((peer, m) -> {
      Map<Prefix, RouteAttributes> r = new java.util.TreeMap<>();
      m.forEach((p, a) -> r.put(Prefix.parse(p), a));
      out.put(peer, r);
    });
    return out;
  }

  static List<Community> c(String... values) {
    return Stream.of(values).map(Community::parse).toList();
  }

  static NodeView node(String name, Map<String, String> labels) {
    return new NodeView(name, labels, false, false, true);
  }

  static ServiceKey key(String name) {
    return new ServiceKey("default", name);
  }

  static ServiceIps svc(String name, String... ips) {
    return new ServiceIps(key(name), Stream.of(ips).map(IpAddress::parse).toList(), Optional.empty());
  }

  static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }
}
