package io.baremetallb.announcer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.announcer.core.L2Plan;
import io.baremetallb.announcer.core.L2Planner;
import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1EndpointConditions;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemandBuilderTest {
  static final String CONFIG = """
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: l2, namespace: metallb-system}
      spec: {addresses: [192.0.2.0/25]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: edge, namespace: metallb-system}
      spec: {addresses: [192.0.2.128/25]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: dark, namespace: metallb-system}
      spec: {addresses: [198.51.100.0/24]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: routed, namespace: metallb-system}
      spec: {addresses: [203.0.113.0/24]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: L2Advertisement
      metadata: {name: all-l2, namespace: metallb-system}
      spec: {ipAddressPools: [l2]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: L2Advertisement
      metadata: {name: edge-only, namespace: metallb-system}
      spec:
        ipAddressPools: [edge]
        interfaces: [eth1]
        nodeSelectors: [{matchLabels: {role: edge}}]
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: bgp, namespace: metallb-system}
      spec: {ipAddressPools: [routed]}
      """;

  final DemandBuilder builder = new DemandBuilder("baremetallb.io/lb", true, false);
  final Config config = config();
  final List<V1Node> nodes = List.of(node("t90", Map.of()), node("t91", Map.of("role", "edge")), node("t92", Map.of()));

  static Config config() {
    ConfigResult r = CrdConfigParser.parse(CONFIG);
    assertTrue(r instanceof ConfigResult.Valid, () -> r.toString());
    return ((ConfigResult.Valid) r).config();
  }

  @Test
  void clusterServiceDemandsItsIpOnEveryAdvertisedNode() {
    DemandBuilder.Result r = builder.build(List.of(svc("web", "Cluster", "192.0.2.10")), config, nodes, List.of());
    assertEquals(List.of(new IpDemand(ip("192.0.2.10"), "l2", Optional.of(Set.of("t90", "t91", "t92")), Optional.empty())),
        r.demands());
    assertEquals(Optional.empty(), r.interfacesOn(ip("192.0.2.10"), "t90"));
  }

  @Test
  void localServiceOnlyOnNodesWithAReadyPod_doc433() {
    // 4.3.3: myapp-svc's pods run on t90 and t91; t92 has one that is not ready
    V1EndpointSlice slice = slice("myapp-svc-abc", "myapp-svc", ep("t90", true), ep("t91", null), ep("t92", false));
    DemandBuilder.Result r = builder.build(List.of(svc("myapp-svc", "Local", "192.0.2.20")), config, nodes, List.of(slice));
    assertEquals(Optional.of(Set.of("t90", "t91")), r.demands().get(0).localEndpointNodes());
  }

  @Test
  void podsMovedMoveTheOwner_doc434() {
    V1Service svc = svc("myapp-svc", "Local", "192.0.2.20");
    DemandBuilder.Result before = builder.build(List.of(svc), config, nodes, List.of(slice("s1", "myapp-svc", ep("t90", true))));
    L2Plan p1 = plan(before, Map.of());
    assertEquals(Optional.of("t90"), p1.owner(ip("192.0.2.20")));
    DemandBuilder.Result after = builder.build(List.of(svc), config, nodes, List.of(slice("s1", "myapp-svc", ep("t92", true))));
    assertEquals(Optional.of("t92"), plan(after, Map.of(ip("192.0.2.20"), "t90")).owner(ip("192.0.2.20")));
  }

  @Test
  void excludedAndNetworkUnavailableNodesAreMarked() {
    V1Node excluded = node("t93", Map.of(DemandBuilder.EXCLUDE_LABEL, ""));
    V1Node down = node("t94", Map.of());
    down.getStatus().addConditionsItem(new V1NodeCondition().type("NetworkUnavailable").status("True"));
    DemandBuilder.Result r = builder.build(List.of(), config, List.of(excluded, down), List.of());
    assertTrue(r.nodes().get("t93").excluded());
    assertFalse(r.nodes().get("t93").networkUnavailable());
    assertTrue(r.nodes().get("t94").networkUnavailable());
    assertFalse(r.nodes().get("t94").excluded());
  }

  @Test
  void excludedNodeNeverOwns() {
    List<V1Node> two = List.of(node("t90", Map.of(DemandBuilder.EXCLUDE_LABEL, "true")), node("t91", Map.of()));
    DemandBuilder.Result r = builder.build(List.of(svc("web", "Cluster", "192.0.2.10")), config, two, List.of());
    assertEquals(Optional.of("t91"), plan(r, Map.of()).owner(ip("192.0.2.10")));
  }

  @Test
  void excludeLabelIgnoredWhenConfiguredSo() {
    List<V1Node> one = List.of(node("t90", Map.of(DemandBuilder.EXCLUDE_LABEL, "true")));
    assertFalse(new DemandBuilder("baremetallb.io/lb", true, true).build(List.of(), config, one, List.of())
        .nodes().get("t90").excluded());
  }

  @Test
  void poolWithoutAnyAdvertisementDemandsWithoutNodesSoThePlannerSaysWhy() {
    DemandBuilder.Result r = builder.build(List.of(svc("web", "Cluster", "198.51.100.7")), config, nodes, List.of());
    assertEquals(List.of(new IpDemand(ip("198.51.100.7"), "dark", Optional.empty(), Optional.empty())), r.demands());
    assertEquals(Optional.empty(), plan(r, Map.of()).owner(ip("198.51.100.7")));
  }

  @Test
  void bgpOnlyPoolGivesNoLayer2Demand() {
    DemandBuilder.Result r = builder.build(List.of(svc("web", "Cluster", "203.0.113.5")), config, nodes, List.of());
    assertEquals(List.of(), r.demands());
  }

  @Test
  void nodeSelectorsAndInterfacesOfTheAdvertisement() {
    DemandBuilder.Result r = builder.build(List.of(svc("web", "Cluster", "192.0.2.200")), config, nodes, List.of());
    assertEquals(Optional.of(Set.of("t91")), r.demands().get(0).advertisedNodes());
    assertEquals(Optional.of(Set.of("eth1")), r.interfacesOn(ip("192.0.2.200"), "t91"));
    assertEquals(Optional.of(Set.of()), r.interfacesOn(ip("192.0.2.200"), "t90"));
  }

  @Test
  void sharedIpIsOneDemandWithTheLocalEndpointSetsIntersected() {
    List<V1Service> svcs = List.of(svc("dns-tcp", "Local", "192.0.2.53"), svc("dns-udp", "Local", "192.0.2.53"),
        svc("dns-web", "Cluster", "192.0.2.53"));
    List<V1EndpointSlice> slices = List.of(slice("a", "dns-tcp", ep("t90", true), ep("t91", true)),
        slice("b", "dns-udp", ep("t91", true), ep("t92", true)));
    DemandBuilder.Result r = builder.build(svcs, config, nodes, slices);
    assertEquals(1, r.demands().size());
    assertEquals(Optional.of(Set.of("t91")), r.demands().get(0).localEndpointNodes());
  }

  @Test
  void servicesNotOursAreIgnored() {
    V1Service cip = svc("a", "Cluster", "192.0.2.1");
    cip.getSpec().setType("ClusterIP");
    V1Service other = svc("b", "Cluster", "192.0.2.2");
    other.getSpec().setLoadBalancerClass("example.com/other");
    V1Service noIngress = svc("c", "Cluster");
    assertEquals(List.of(), builder.build(List.of(cip, other, noIngress), config, nodes, List.of()).demands());
    assertEquals(List.of(), new DemandBuilder("baremetallb.io/lb", false, false)
        .build(List.of(svc("d", "Cluster", "192.0.2.3")), config, nodes, List.of()).demands());
  }

  @Test
  void ipOutsideEveryPoolIsNotOurs() {
    assertEquals(List.of(), builder.build(List.of(svc("web", "Cluster", "10.0.0.1")), config, nodes, List.of()).demands());
  }

  @Test
  void slicesOfOtherNamespacesDoNotCount() {
    V1EndpointSlice elsewhere = slice("x", "myapp-svc", ep("t90", true));
    elsewhere.getMetadata().setNamespace("other");
    DemandBuilder.Result r = builder.build(List.of(svc("myapp-svc", "Local", "192.0.2.20")), config, nodes, List.of(elsewhere));
    assertEquals(Optional.of(Set.of()), r.demands().get(0).localEndpointNodes());
  }

  @Test
  void peersAreTheNodesInternalIps() {
    V1Node n = node("t90", Map.of());
    n.getStatus().addAddressesItem(new V1NodeAddress().type("InternalIP").address("192.0.2.90"))
        .addAddressesItem(new V1NodeAddress().type("Hostname").address("t90"));
    V1Node m = node("t91", Map.of());
    m.getStatus().addAddressesItem(new V1NodeAddress().type("InternalIP").address("2001:db8::91"));
    assertEquals(List.of(ip("192.0.2.90"), ip("2001:db8::91")), DemandBuilder.internalIps(List.of(m, n)));
  }

  private static L2Plan plan(DemandBuilder.Result r, Map<IpAddress, String> previous) {
    return L2Planner.plan(r.demands(), r.nodes(), new L2Planner.Membership(r.nodes().keySet(), r.nodes().size(), true),
        previous);
  }

  static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  static V1Node node(String name, Map<String, String> labels) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).labels(labels)).status(new V1NodeStatus());
  }

  static V1Service svc(String name, String policy, String... ips) {
    V1LoadBalancerStatus lb = new V1LoadBalancerStatus();
    Arrays.stream(ips).forEach(i -> lb.addIngressItem(new V1LoadBalancerIngress().ip(i)));
    return new V1Service().metadata(new V1ObjectMeta().namespace("default").name(name))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy(policy))
        .status(new V1ServiceStatus().loadBalancer(lb));
  }

  static V1Endpoint ep(String node, Boolean ready) {
    return new V1Endpoint().nodeName(node).addresses(List.of("10.244.0.1")).conditions(new V1EndpointConditions().ready(ready));
  }

  static V1EndpointSlice slice(String name, String service, V1Endpoint... eps) {
    return new V1EndpointSlice().addressType("IPv4")
        .metadata(new V1ObjectMeta().namespace("default").name(name).labels(Map.of(DemandBuilder.SERVICE_NAME_LABEL, service)))
        .endpoints(List.of(eps));
  }
}
