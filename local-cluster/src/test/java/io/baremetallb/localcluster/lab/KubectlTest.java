package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubectlTest {

  @Test
  void leavesOutEmptyListsAndMapsAsGoOmitemptyDoes() {
    String json = "{\"metadata\":{\"name\":\"node1\",\"finalizers\":[],\"labels\":{}},"
        + "\"status\":{\"capacity\":{},\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.0.2.11\"}]},"
        + "\"spec\":{\"taints\":[]}}";
    assertEquals("{\"metadata\":{\"name\":\"node1\"},"
        + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.0.2.11\"}]}}",
        Kubectl.omitEmpty(JsonParser.parseString(json)).toString());
  }

  @Test
  void writesTimesAsRfc3339() {
    V1PodCondition condition = new V1PodCondition().type("Ready").status("True")
        .lastTransitionTime(OffsetDateTime.parse("2026-11-25T14:00:00Z"));
    assertEquals("{\"lastTransitionTime\":\"2026-11-25T14:00:00Z\",\"status\":\"True\",\"type\":\"Ready\"}",
        Kubectl.toJson(condition).toString());
  }

  @Test
  void keepsEmptyStringsFalseAndZero() {
    String json = "{\"ports\":[{\"name\":\"\",\"port\":0}],\"ready\":false}";
    assertEquals(json, Kubectl.omitEmpty(JsonParser.parseString(json)).toString());
  }

  @Test
  void aClientJavaNodeLosesTheEmptyCollectionsItStartsWith() {
    V1Node node = new V1Node().apiVersion("v1").kind("Node")
        .metadata(new V1ObjectMeta().name("node1").labels(Map.of("kubernetes.io/os", "linux")));
    assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"labels\":{\"kubernetes.io/os\":\"linux\"},"
        + "\"name\":\"node1\"}}", Kubectl.toJson(node).toString());
  }
}
