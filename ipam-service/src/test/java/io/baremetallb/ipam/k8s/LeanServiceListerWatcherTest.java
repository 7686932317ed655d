package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PortStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-pass decoding of Service watch lines gives what client-java's own decoding gives. */
class LeanServiceListerWatcherTest {
  private static final Type STOCK = TypeToken.getParameterized(Watch.Response.class, V1Service.class).getType();

  private static V1Service full() {
    OffsetDateTime t = OffsetDateTime.of(2026, 12, 6, 23, 42, 41, 844_832_000, ZoneOffset.UTC);
    return new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().name("web").namespace("demo").uid("4f1c7c2e-0000-4000-8000-000000000001")
            .resourceVersion("123456").generation(3L).creationTimestamp(t).deletionTimestamp(t.plusSeconds(30))
            .finalizers(List.of("service.kubernetes.io/load-balancer-cleanup"))
            .labels(Map.of("app", "web"))
            .annotations(Map.of("metallb.universe.tf/address-pool", "production-public-ips",
                "metallb.universe.tf/allow-shared-ip", "key-1"))
            .managedFields(List.of(new V1ManagedFieldsEntry().manager("kubectl").operation("Update"))))
        .spec(new V1ServiceSpec().type("LoadBalancer").clusterIP("10.96.12.34").clusterIPs(List.of("10.96.12.34"))
            .ipFamilies(List.of("IPv4", "IPv6")).ipFamilyPolicy("PreferDualStack").loadBalancerIP("192.0.2.5")
            .loadBalancerClass("metallb.io/metallb").externalTrafficPolicy("Local").healthCheckNodePort(32000)
            .allocateLoadBalancerNodePorts(true).selector(Map.of("app", "web"))
            .ports(List.of(
                new V1ServicePort().name("http").port(80).protocol("TCP").targetPort(new IntOrString(8080))
                    .nodePort(31234),
                new V1ServicePort().name("dns").port(53).protocol("UDP").targetPort(new IntOrString("dns")))))
        .status(new V1ServiceStatus()
            .conditions(List.of(new V1Condition().type("Ready").status("True").reason("Allocated").message("ok")
                .lastTransitionTime(t)))
            .loadBalancer(new V1LoadBalancerStatus().ingress(List.of(
                new V1LoadBalancerIngress().ip("192.0.2.5").ipMode("VIP")
                    .ports(List.of(new V1PortStatus().port(80).protocol("TCP"))),
                new V1LoadBalancerIngress().ip("2001:db8::5")))));
  }

  private static String line(String type, Object object) {
    return "{\"type\":\"" + type + "\",\"object\":" + JSON.serialize(object) + "}";
  }

  @Test
  void aFullServiceDecodesAsClientJavaDecodesIt() throws IOException {
    for (String type : List.of("ADDED", "MODIFIED", "DELETED")) {
      String line = line(type, full());
      Watch.Response<V1Service> stock = JSON.deserialize(line, STOCK);
      Watch.Response<V1Service> lean = LeanServiceListerWatcher.LeanWatch.parse(line);
      assertEquals(stock.type, lean.type);
      assertEquals(stock.object, lean.object);
      assertNull(lean.status);
    }
  }

  @Test
  void managedFieldsAreLeftOutAsClientJavaLeavesThemOut() throws IOException {
    String line = line("ADDED", full()).replace("\"metadata\":{",
        "\"metadata\":{\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Update\"}],");
    assertTrue(line.contains("\"manager\":\"kubectl\""), line);
    V1Service s = LeanServiceListerWatcher.LeanWatch.parse(line).object;
    assertEquals(JSON.<Watch.Response<V1Service>>deserialize(line, STOCK).object, s);
    assertTrue(s.getMetadata().getManagedFields() == null || s.getMetadata().getManagedFields().isEmpty());
    assertEquals("production-public-ips", s.getMetadata().getAnnotations().get("metallb.universe.tf/address-pool"));
    assertEquals(new IntOrString("dns"), s.getSpec().getPorts().get(1).getTargetPort());
    assertEquals(2026, s.getMetadata().getCreationTimestamp().getYear());
  }

  @Test
  void aBareServiceAndABookmarkDecode() throws IOException {
    String bare = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"namespace\":\"b\"}}}";
    assertEquals(JSON.<Watch.Response<V1Service>>deserialize(bare, STOCK).object,
        LeanServiceListerWatcher.LeanWatch.parse(bare).object);
    Watch.Response<V1Service> bookmark = LeanServiceListerWatcher.LeanWatch.parse(
        "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"77\"}}}");
    assertEquals("BOOKMARK", bookmark.type);
    assertEquals("77", bookmark.object.getMetadata().getResourceVersion());
  }

  @Test
  void anErrorLineIsAStatusWithItsCode() throws IOException {
    Watch.Response<V1Service> error = LeanServiceListerWatcher.LeanWatch.parse("{\"type\":\"ERROR\",\"object\":"
        + "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too old resource version\","
        + "\"reason\":\"Expired\",\"code\":410}}");
    assertEquals("ERROR", error.type);
    assertNull(error.object);
    assertEquals(410, error.status.getCode());
    assertEquals("Expired", error.status.getReason());
  }

  @Test
  void theObjectMayComeBeforeTheType() throws IOException {
    String json = JSON.serialize(full());
    Watch.Response<V1Service> r = LeanServiceListerWatcher.LeanWatch.parse(
        "{\"object\":" + json + ",\"type\":\"MODIFIED\"}");
    assertEquals("MODIFIED", r.type);
    assertEquals(JSON.<Watch.Response<V1Service>>deserialize(line("MODIFIED", full()), STOCK).object, r.object);
    Watch.Response<V1Service> e = LeanServiceListerWatcher.LeanWatch.parse(
        "{\"object\":{\"kind\":\"Status\",\"code\":410},\"type\":\"ERROR\"}");
    assertEquals(410, e.status.getCode());
  }

  @Test
  void fieldsANewerServerAddsAreSkipped() throws IOException {
    String line = "{\"type\":\"ADDED\",\"future\":[1,{\"x\":2}],\"object\":{\"metadata\":{\"name\":\"a\","
        + "\"namespace\":\"b\",\"futureMeta\":{\"k\":\"v\"}},\"spec\":{\"type\":\"LoadBalancer\",\"trafficDistribution\":"
        + "\"PreferClose\",\"newThing\":{\"a\":[true]}}}}";
    V1Service s = LeanServiceListerWatcher.LeanWatch.parse(line).object;
    assertEquals("LoadBalancer", s.getSpec().getType());
    assertEquals("a", s.getMetadata().getName());
  }

  @Test
  void aLineThatIsNotAnEventSaysWhatItGot() {
    for (String bad : List.of("", "not json", "[1,2]", "{\"object\":{}}", "{\"type\":\"ADDED\",\"object\":[1]}",
        "{\"type\":\"ADDED\",\"object\":{\"spec\":{\"ports\":{\"port\":80}}}}")) {
      IOException e = assertThrows(IOException.class, () -> LeanServiceListerWatcher.LeanWatch.parse(bad), bad);
      assertTrue(e.getMessage().contains("watch event"), e.getMessage());
    }
    String longLine = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"" + "x".repeat(500) + "\"}},";
    IOException e = assertThrows(IOException.class, () -> LeanServiceListerWatcher.LeanWatch.parse(longLine));
    assertTrue(e.getMessage().length() < 400, "the line is abbreviated: " + e.getMessage().length());
  }
}
