package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.PoolStats;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReconcilerTest {
  /** The document's config.yaml, data.config verbatim. */
  static final String DOCUMENT_CONFIG = """
      address-pools:
      - name: my-ip-space
        protocol: layer2
        addresses:
        - 192.168.5.5-192.168.5.9
      """;

  private final Allocator allocator = new Allocator();
  private final ConfigState state = new ConfigState();
  private final List<String> events = new ArrayList<>();
  private int requeues;
  private Optional<V1ConfigMap> configMap = Optional.empty();
  private List<MetallbObject> crs = List.of();

  private final ConfigReconciler reconciler = new ConfigReconciler(new ConfigReconciler.Inputs() {
    @Override
    public Optional<V1ConfigMap> configMap() {
      return configMap;
    }

    @Override
    public List<MetallbObject> metallbResources() {
      return crs;
    }
  }, "config", allocator, new Object(), state,
      (o, t, r, m) -> events.add(o.getMetadata().getName() + " " + t + " " + r + ": " + m), () -> requeues++, () -> true);

  private static V1ConfigMap cm(String text) {
    return new V1ConfigMap().metadata(new V1ObjectMeta().namespace("metallb-system").name("config").uid("cm-uid"))
        .data(Map.of("config", text));
  }

  private static MetallbObject cr(String json) {
    com.google.gson.JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    com.google.gson.JsonObject m = o.getAsJsonObject("metadata");
    return new MetallbObject(o.get("apiVersion").getAsString(), o.get("kind").getAsString(),
        new V1ObjectMeta().name(m.get("name").getAsString()).namespace(m.get("namespace").getAsString()),
        o.getAsJsonObject("spec"));
  }

  @Test
  void theDocumentsConfigMapGivesFiveAddresses() {
    configMap = Optional.of(cm(DOCUMENT_CONFIG));
    reconciler.reconcile(ConfigReconciler.KEY);
    assertTrue(state.loaded());
    assertFalse(state.stale());
    assertEquals("ConfigMap metallb-system/config", state.source());
    PoolStats s = allocator.stats().get("my-ip-space");
    assertEquals(BigInteger.valueOf(5), s.total());
    assertEquals(1, requeues);
    assertEquals(List.of("config Normal ConfigLoaded: Loaded 1 address pool(s)"), events);
  }

  @Test
  void aBrokenEditIsRejectedWholeAndTheLastGoodConfigStays() {
    configMap = Optional.of(cm(DOCUMENT_CONFIG));
    reconciler.reconcile(ConfigReconciler.KEY);
    events.clear();
    configMap = Optional.of(cm("""
        address-pools:
        - name: my-ip-space
          protocol: layer2
          addresses:
          - 192.168.5.9-192.168.5.5
        - name: my-ip-space
          protocol: layer3
          addresses: []
        """));
    reconciler.reconcile(ConfigReconciler.KEY);
    assertTrue(state.stale());
    assertEquals(BigInteger.valueOf(5), allocator.stats().get("my-ip-space").total(), "old pools in force");
    assertTrue(state.problems().size() >= 2, state.problems().toString());
    assertEquals(1, events.size());
    String e = events.get(0);
    assertTrue(e.startsWith("config Warning InvalidConfig: Configuration rejected, the previous one stays in force; "), e);
    assertTrue(e.contains("range ends before it starts"), e);
    assertEquals(1, requeues, "nobody looked at again");
    configMap = Optional.of(cm(DOCUMENT_CONFIG));
    reconciler.reconcile(ConfigReconciler.KEY);
    assertFalse(state.stale(), "fixing it clears stale");
  }

  @Test
  void metallbResourcesWinOverTheConfigMap() {
    configMap = Optional.of(cm(DOCUMENT_CONFIG));
    crs = List.of(cr("""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool",
         "metadata":{"name":"production-public-ips","namespace":"metallb-system"},
         "spec":{"addresses":["198.51.100.0/28"]}}"""));
    reconciler.reconcile(ConfigReconciler.KEY);
    assertEquals("metallb.io resources", state.source());
    assertEquals(List.of("production-public-ips"), List.copyOf(allocator.stats().keySet()));
  }

  @Test
  void aBrokenResourceGetsTheEvent() {
    crs = List.of(cr("""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool",
         "metadata":{"name":"prod","namespace":"metallb-system","uid":"u1"},
         "spec":{"addresses":["198.51.100.0/33"]}}"""));
    reconciler.reconcile(ConfigReconciler.KEY);
    assertTrue(state.stale());
    assertFalse(state.loaded());
    assertEquals(1, events.size(), events.toString());
    assertTrue(events.get(0).startsWith("prod Warning InvalidConfig:"), events.get(0));
  }

  @Test
  void noConfigurationAtAllIsAnEmptyOne() {
    reconciler.reconcile(ConfigReconciler.KEY);
    assertTrue(state.loaded());
    assertEquals("none", state.source());
  }

}
