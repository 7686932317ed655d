package io.baremetallb.announcer.k8s;

import static io.baremetallb.announcer.k8s.DemandBuilderTest.ep;
import static io.baremetallb.announcer.k8s.DemandBuilderTest.node;
import static io.baremetallb.announcer.k8s.DemandBuilderTest.slice;
import static io.baremetallb.announcer.k8s.DemandBuilderTest.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.plan.ServiceIps;
import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BgpInputsTest {
  final DemandBuilder ownership = new DemandBuilder("baremetallb.io/lb", true, false);

  @Test
  void ourServicesWithIpsAndLocalOnesWithTheirReadyNodes() {
    V1Service cluster = svc("web", "Cluster", "192.0.2.10");
    V1Service local = svc("myapp-svc", "Local", "192.0.2.20");
    V1Service pending = svc("pending", "Cluster");
    V1Service otherClass = svc("theirs", "Cluster", "192.0.2.30");
    otherClass.getSpec().setLoadBalancerClass("example.com/other");
    List<ServiceIps> out = BgpInputs.services(ownership, List.of(cluster, local, pending, otherClass),
        List.of(slice("s1", "myapp-svc", ep("t90", true), ep("t91", false))));
    assertEquals(List.of(
        new ServiceIps(new ServiceKey("default", "web"), List.of(IpAddress.parse("192.0.2.10")), Optional.empty()),
        new ServiceIps(new ServiceKey("default", "myapp-svc"), List.of(IpAddress.parse("192.0.2.20")),
            Optional.of(Set.of("t90")))), out);
  }

  @Test
  void nodesKeepLabelsAndExclusion() {
    var nodes = BgpInputs.nodes(List.of(node("t90", Map.of("rack", "a")),
        node("t91", Map.of(DemandBuilder.EXCLUDE_LABEL, ""))), false);
    assertEquals(Map.of("rack", "a"), nodes.get("t90").labels());
    assertTrue(nodes.get("t91").excluded());
  }

  @Test
  void passwordsComeFromTheSecretsThePeersName() {
    ConfigResult r = CrdConfigParser.parse("""
        apiVersion: metallb.io/v1beta2
        kind: BGPPeer
        metadata: {name: tor, namespace: metallb-system}
        spec:
          myASN: 64513
          peerASN: 64512
          peerAddress: 192.0.2.1
          passwordSecret: {name: bgp-auth, namespace: metallb-system}
        ---
        apiVersion: metallb.io/v1beta2
        kind: BGPPeer
        metadata: {name: spine, namespace: metallb-system}
        spec:
          myASN: 64513
          peerASN: 64512
          peerAddress: 192.0.2.2
          passwordSecret: {name: missing, namespace: metallb-system}
        ---
        apiVersion: metallb.io/v1beta2
        kind: BGPPeer
        metadata: {name: edge, namespace: metallb-system}
        spec:
          myASN: 64513
          peerASN: 64512
          peerAddress: 192.0.2.3
          passwordSecret: {name: edge-auth}
        """);
    assertTrue(r instanceof ConfigResult.Valid, r::toString);
    Config config = ((ConfigResult.Valid) r).config();
    V1Secret auth = new V1Secret().metadata(new V1ObjectMeta().namespace("metallb-system").name("bgp-auth"))
        .type("kubernetes.io/basic-auth").data(Map.of("password", "s3cret".getBytes(StandardCharsets.UTF_8)));
    V1Secret edge = new V1Secret().metadata(new V1ObjectMeta().namespace("metallb-system").name("edge-auth"))
        .data(Map.of("password", "edge-pw".getBytes(StandardCharsets.UTF_8)));
    V1Secret unrelated = new V1Secret().metadata(new V1ObjectMeta().namespace("default").name("bgp-auth"))
        .data(Map.of("password", "wrong".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Map.of("metallb-system/bgp-auth", "s3cret", "/edge-auth", "edge-pw"),
        BgpInputs.passwords(config, List.of(unrelated, auth, edge), "metallb-system"));
  }
}
