package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
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
  void keepsEmptyStringsFalseAndZero() {
    String json = "{\"ports\":[{\"name\":\"\",\"port\":0}],\"ready\":false}";
    assertEquals(json, Kubectl.omitEmpty(JsonParser.parseString(json)).toString());
  }

  @Test
  void aClientJavaNodeLosesTheEmptyCollectionsItStartsWith() {
    V1Node node = new V1Node().apiVersion("v1").kind("Node")
        .metadata(new V1ObjectMeta().name("node1").labels(Map.of("kubernetes.io/os", "linux")));
    assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"labels\":{\"kubernetes.io/os\":\"linux\"},"
        + "\"name\":\"node1\"}}", Kubectl.omitEmpty(JSON.getGson().toJsonTree(node)).toString());
  }
}
