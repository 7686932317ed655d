package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabRegistrationTest {
  private static final LabTopology LAB = new LabTopology("bmlb-", 3);

  /** Writes calls down as lines, the objects by kind and name. */
  private static final class RecordingWriter implements ClusterWriter {
    final List<String> calls = new ArrayList<>();

    @Override
    public void apply(List<?> objects) {
      calls.add("apply " + objects.stream().map(RecordingWriter::describe).toList());
    }

    @Override
    public void patchStatus(String resource, String namespace, String name, Object body) {
      calls.add("status " + resource + " " + (namespace == null ? "" : namespace + "/") + name);
    }

    @Override
    public void deleteSelected(String resource, String namespace, String labelSelector) {
      calls.add("delete " + resource + " -n " + namespace + " -l " + labelSelector);
    }

    private static String describe(Object o) {
      if (o instanceof V1Node n) {
        return "Node " + n.getMetadata().getName();
      }
      if (o instanceof V1Pod p) {
        return "Pod " + p.getMetadata().getName();
      }
      return "EndpointSlice " + ((V1EndpointSlice) o).getMetadata().getName();
    }
  }

  private final RecordingWriter writer = new RecordingWriter();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final LabRegistration registration = new LabRegistration(writer,
      InstantSource.fixed(Instant.parse("2026-11-25T14:00:00Z")), new PrintStream(printed, true, StandardCharsets.UTF_8));

  @Test
  void registersEveryNodeThenItsStatus() {
    registration.register(LAB);
    assertEquals(List.of("apply [Node node1, Node node2, Node node3]",
        "status node node1", "status node node2", "status node node3"), writer.calls);
    assertEquals("node/node1 registered: InternalIP 192.0.2.11, 2001:db8:0:1::11",
        printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
  }

  @Test
  void placesPodsWritesSlicesAndDeletesPodsNoLongerPlaced() {
    registration.place(LAB, "default", "myapp-svc",
        List.of(new PodPlacement("node2", "node2-1"), new PodPlacement("node3", "node3-1")), 80, "");
    assertEquals(List.of("apply [Pod myapp-svc-node2-1, Pod myapp-svc-node3-1]",
        "status pod default/myapp-svc-node2-1", "status pod default/myapp-svc-node3-1",
        "apply [EndpointSlice myapp-svc-lab-ipv4, EndpointSlice myapp-svc-lab-ipv6]",
        "delete pods -n default -l lab.baremetallb.io/service=myapp-svc,lab.baremetallb.io/pod notin (node2-1,node3-1)"),
        writer.calls);
  }

  @Test
  void placingNoPodsEmptiesTheSlicesAndDeletesAllLabPodsOfTheService() {
    registration.place(LAB, "default", "myapp-svc", List.of(), 80, "");
    assertEquals(List.of("apply [EndpointSlice myapp-svc-lab-ipv4, EndpointSlice myapp-svc-lab-ipv6]",
        "delete pods -n default -l lab.baremetallb.io/service=myapp-svc"), writer.calls);
  }
}
