package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterObjectsTest {
  private static final LabTopology LAB = new LabTopology("bmlb-", 3);
  private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-25T14:00:00Z");
  private static final List<PodPlacement> TWO_ON_NODE2_ONE_ON_NODE3 = List.of(
      new PodPlacement("node2", "node2-1"), new PodPlacement("node2", "node2-2"), new PodPlacement("node3", "node3-1"));

  @Test
  void nodeCarriesHostnameAndOsLabelsAndItsNamespace() {
    V1Node node = ClusterObjects.node(LAB, LAB.node(1));
    assertEquals("node1", node.getMetadata().getName());
    assertEquals("node1", node.getMetadata().getLabels().get("kubernetes.io/hostname"));
    assertEquals("linux", node.getMetadata().getLabels().get("kubernetes.io/os"));
    assertEquals("bmlb-node1", node.getMetadata().getAnnotations().get("lab.baremetallb.io/netns"));
    assertEquals(null, node.getStatus(), "status goes through the status subresource");
  }

  @Test
  void nodeStatusHasBothInternalIpsAndIsReady() {
    var status = ClusterObjects.nodeStatus(LAB.node(1), NOW);
    assertEquals(List.of("InternalIP=192.0.2.11", "InternalIP=2001:db8:0:1::11", "Hostname=node1"),
        status.getAddresses().stream().map(a -> a.getType() + "=" + a.getAddress()).toList());
    assertEquals("True", status.getConditions().get(0).getStatus());
    assertEquals("Ready", status.getConditions().get(0).getType());
  }

  @Test
  void podRunsOnItsNodeWithTheNodesAddresses() {
    PodPlacement placement = TWO_ON_NODE2_ONE_ON_NODE3.get(1);
    V1Pod pod = ClusterObjects.pod("default", "myapp-svc", placement, 80);
    assertEquals("myapp-svc-node2-2", pod.getMetadata().getName());
    assertEquals("default", pod.getMetadata().getNamespace());
    assertEquals("node2", pod.getSpec().getNodeName());
    assertEquals(80, pod.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort());
    assertEquals(Map.of("lab.baremetallb.io/service", "myapp-svc", "lab.baremetallb.io/pod", "node2-2",
        "app.kubernetes.io/managed-by", "lab.baremetallb.io"), pod.getMetadata().getLabels());

    var status = ClusterObjects.podStatus(LAB.node(2), NOW);
    assertEquals("Running", status.getPhase());
    assertEquals("192.0.2.12", status.getPodIP());
    assertEquals(List.of("192.0.2.12", "2001:db8:0:1::12"), status.getPodIPs().stream().map(V1PodIP::getIp).toList());
    assertTrue(status.getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    assertTrue(status.getContainerStatuses().get(0).getReady());
  }

  @Test
  void endpointSlicesListEveryPodWithNodeNameAndReadiness() {
    List<V1EndpointSlice> slices = ClusterObjects.endpointSlices(LAB, "default", "myapp-svc",
        TWO_ON_NODE2_ONE_ON_NODE3, 80, "http");
    assertEquals(List.of("myapp-svc-lab-ipv4", "myapp-svc-lab-ipv6"),
        slices.stream().map(s -> s.getMetadata().getName()).toList());
    V1EndpointSlice v4 = slices.get(0);
    assertEquals("IPv4", v4.getAddressType());
    assertEquals("myapp-svc", v4.getMetadata().getLabels().get("kubernetes.io/service-name"));
    assertEquals(List.of("node2", "node2", "node3"), v4.getEndpoints().stream().map(V1Endpoint::getNodeName).toList());
    assertEquals(List.of("192.0.2.12", "192.0.2.12", "192.0.2.13"),
        v4.getEndpoints().stream().map(e -> e.getAddresses().get(0)).toList());
    assertTrue(v4.getEndpoints().stream().allMatch(e -> e.getConditions().getReady()));
    assertEquals("myapp-svc-node3-1", v4.getEndpoints().get(2).getTargetRef().getName());
    assertEquals("http", v4.getPorts().get(0).getName());
    assertEquals(List.of("2001:db8:0:1::12", "2001:db8:0:1::12", "2001:db8:0:1::13"),
        slices.get(1).getEndpoints().stream().map(e -> e.getAddresses().get(0)).toList());
  }

  @Test
  void serializesWithTheFieldNamesTheApiServerExpects() {
    String json = Kubectl.toJson(new V1Node().status(ClusterObjects.nodeStatus(LAB.node(2), NOW))).toString();
    assertTrue(json.startsWith("{\"status\":{\"addresses\":[{\"address\":\"192.0.2.12\",\"type\":\"InternalIP\"}"), json);
    String slice = Kubectl.toJson(ClusterObjects.endpointSlices(LAB, "ns", "s", TWO_ON_NODE2_ONE_ON_NODE3, 80, "").get(0)).toString();
    assertTrue(slice.contains("\"conditions\":{\"ready\":true,\"serving\":true,\"terminating\":false}"), slice);
    assertTrue(slice.contains("\"nodeName\":\"node2\""), slice);
  }

  @Test
  void staleSelectorKeepsOnlyTheNewPlacements() {
    assertEquals("lab.baremetallb.io/service=myapp-svc,lab.baremetallb.io/pod notin (node2-1,node2-2,node3-1)",
        ClusterObjects.stalePodSelector("myapp-svc", TWO_ON_NODE2_ONE_ON_NODE3));
    assertEquals("lab.baremetallb.io/service=myapp-svc", ClusterObjects.stalePodSelector("myapp-svc", List.of()));
  }

  @Test
  void placementsParseAndNameWhatIsWrong() {
    assertEquals(new PodPlacement("node2", "node2-1"), PodPlacement.parse("node2=node2-1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PodPlacement.parse("node2"));
    assertEquals("'node2' is not a placement NODE=POD such as node2=node2-1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PodPlacement.parse("client=x"));
    assertThrows(IllegalArgumentException.class, () -> PodPlacement.parse("node2=Bad_Name"));
  }

  @Test
  void timesComeFromTheCaller() {
    V1PodCondition ready = ClusterObjects.podStatus(LAB.node(1), NOW).getConditions().get(3);
    assertEquals(NOW, ready.getLastTransitionTime());
    V1NodeAddress hostname = ClusterObjects.nodeStatus(LAB.node(1), NOW).getAddresses().get(2);
    assertEquals("node1", hostname.getAddress());
  }
}
