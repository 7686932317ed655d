package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IPAM controller against the embedded API server, scenario by scenario from the user's
 * document (its 192.168.5.5-192.168.5.9 pool mapped to 192.0.2.5-192.0.2.9).
 */
class IpamControllerIT {
  private static final String CONFIG = """
      address-pools:
      - name: my-ip-space
        protocol: layer2
        addresses:
        - 192.0.2.5-192.0.2.9
      - name: production-public-ips
        protocol: layer2
        auto-assign: false
        addresses:
        - 198.51.100.0/30
      """;

  // A fresh API server per test, so that every scenario starts from an empty cluster.
  private final LocalCluster cluster = LocalCluster.start();
  private final CoreV1Api api = new CoreV1Api(cluster.apiClient());
  private final List<IpamController> running = new java.util.ArrayList<>();

  @AfterEach
  void stopControllersAndCluster() {
    running.forEach(IpamController::close);
    cluster.close();
  }

  private IpamController start(String identity, boolean leaderElection) {
    ApiClient c = cluster.newApiClient();
    IpamSettings s = IpamSettings.defaults(identity).withNamespace("metallb-system")
        .withLeaderElection(leaderElection, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200));
    IpamController ctl = new IpamController(c, s);
    running.add(ctl);
    ctl.start();
    return ctl;
  }

  private void namespace(String name) throws ApiException {
    try {
      api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void config(String text) throws ApiException {
    namespace("metallb-system");
    V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
        .data(Map.of("config", text));
    try {
      api.createNamespacedConfigMap("metallb-system", cm).execute();
    } catch (ApiException e) {
      V1ConfigMap cur = api.readNamespacedConfigMap("config", "metallb-system").execute();
      api.replaceNamespacedConfigMap("config", "metallb-system", cur.data(Map.of("config", text))).execute();
    }
  }

  private V1Service lb(String ns, String name, int port, Map<String, String> annotations) throws ApiException {
    namespace(ns);
    return api.createNamespacedService(ns, new V1Service()
        .metadata(new V1ObjectMeta().namespace(ns).name(name).annotations(new HashMap<>(annotations)))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", name))
            .ports(List.of(new V1ServicePort().port(port).protocol("TCP"))))).execute();
  }

  private String ip(String ns, String name) throws ApiException {
    V1Service s = api.readNamespacedService(name, ns).execute();
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null || s.getStatus().getLoadBalancer().getIngress() == null) {
      return "";
    }
    return s.getStatus().getLoadBalancer().getIngress().stream().map(V1LoadBalancerIngress::getIp).collect(Collectors.joining(","));
  }

  private Map<String, String> allIps() throws ApiException {
    Map<String, String> out = new TreeMap<>();
    for (V1Service s : api.listServiceForAllNamespaces().execute().getItems()) {
      out.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), ip(s.getMetadata().getNamespace(), s.getMetadata().getName()));
    }
    return out;
  }

  private List<String> events(String ns, String name) throws ApiException {
    return api.listNamespacedEvent(ns).execute().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private BooleanSupplier hasIp(String ns, String name) {
    return () -> {
      try {
        return !ip(ns, name).isEmpty();
      } catch (ApiException e) {
        return false;
      }
    };
  }

  @Test
  void documentScenariosThenRestartChangesNothing() throws Exception {
    config(CONFIG);
    lb("default", "myapp-svc", 80, Map.of("metallb.universe.tf/allow-shared-ip", "192.168.5.9"));
    lb("default", "webapp-svc", 8000, Map.of());
    IpamController ctl = start("ipam-0", false);
    await("myapp-svc address", hasIp("default", "myapp-svc"));
    await("webapp-svc address", hasIp("default", "webapp-svc"));
    // both existed before the controller started, so either may be reconciled first: the two
    // lowest addresses, one each
    assertEquals(java.util.Set.of("192.0.2.5", "192.0.2.6"),
        java.util.Set.of(ip("default", "myapp-svc"), ip("default", "webapp-svc")));
    String webIp = ip("default", "webapp-svc");

    // 5.2: a second Service with the same sharing key on another port shares the IP
    lb("default", "webapp-svc-2", 8080, Map.of("metallb.universe.tf/allow-shared-ip", "192.168.5.9"));
    await("webapp-svc-2", hasIp("default", "webapp-svc-2"));
    assertEquals(ip("default", "myapp-svc"), ip("default", "webapp-svc-2"));

    // 5.1: the address-pool annotation picks production-public-ips
    lb("default", "nginx", 80, Map.of("metallb.universe.tf/address-pool", "production-public-ips"));
    await("nginx", hasIp("default", "nginx"));
    assertEquals("198.51.100.0", ip("default", "nginx"));

    // turning a Service into ExternalName frees its address and clears its status
    V1Service web = api.readNamespacedService("webapp-svc", "default").execute();
    web.getSpec().type("ExternalName").externalName("www.baidu.com").ports(null).selector(null).clusterIP(null).clusterIPs(null);
    api.replaceNamespacedService("webapp-svc", "default", web).execute();
    await("webapp-svc cleared", () -> {
      try {
        return ip("default", "webapp-svc").isEmpty();
      } catch (ApiException e) {
        return false;
      }
    });
    await("events written", () -> {
      try {
        return events("default", "webapp-svc").stream().anyMatch(e -> e.startsWith("ClearAssignment"));
      } catch (ApiException e) {
        return false;
      }
    });
    // either Service may have been reconciled first (see above): the event names the address it got
    assertTrue(events("default", "myapp-svc").contains("IPAllocated: Assigned IP " + ip("default", "myapp-svc")
        + " from pool my-ip-space"),
        events("default", "myapp-svc").toString());

    // restart: every status stays exactly as it was
    Map<String, String> before = allIps();
    ctl.close();
    running.remove(ctl);
    IpamController again = start("ipam-1", false);
    await("ready", again::allocating);
    lb("default", "after-restart", 80, Map.of());
    await("after-restart", hasIp("default", "after-restart"));
    Map<String, String> after = allIps();
    after.remove("default/after-restart");
    assertEquals(before, after);
    assertEquals(webIp, ip("default", "after-restart"), "the freed address, not one already held");
  }

  /** The chart's CRDs, as a real install has them: the controller then also watches metallb.io resources. */
  private void installCrds() throws Exception {
    io.kubernetes.client.openapi.apis.ApiextensionsV1Api ext =
        new io.kubernetes.client.openapi.apis.ApiextensionsV1Api(cluster.apiClient());
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
        java.nio.file.Path.of(System.getProperty("user.dir"), "..", "helm", "baremetal-lb", "crds"))) {
      for (java.nio.file.Path f : files.sorted().toList()) {
        // YAML → JSON → model: client-java's own YAML loader trips over some schema keywords
        Object tree = new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(f));
        String json = new com.google.gson.Gson().toJson(tree);
        ext.createCustomResourceDefinition(cluster.apiClient().getJSON().deserialize(json,
            io.kubernetes.client.openapi.models.V1CustomResourceDefinition.class)).execute();
      }
    }
  }

  @Test
  void withTheCrdsInstalledTheConfigMapStillWorksAndResourcesTakeOver() throws Exception {
    installCrds();
    config(CONFIG);
    lb("default", "myapp-svc", 80, Map.of());
    IpamController ctl = start("ipam-0", false);
    await("myapp-svc address", hasIp("default", "myapp-svc"));
    assertEquals("192.0.2.5", ip("default", "myapp-svc"));
    io.kubernetes.client.openapi.apis.CustomObjectsApi custom = new io.kubernetes.client.openapi.apis.CustomObjectsApi(cluster.apiClient());
    custom.createNamespacedCustomObject("metallb.io", "v1beta1", "metallb-system", "ipaddresspools", Map.of(
        "apiVersion", "metallb.io/v1beta1", "kind", "IPAddressPool",
        "metadata", Map.of("name", "crd-pool", "namespace", "metallb-system"),
        "spec", Map.of("addresses", List.of("203.0.113.8/30")))).execute();
    await("resources are the config", () -> "metallb.io resources".equals(ctl.configState().source()));
    assertEquals("192.0.2.5", ip("default", "myapp-svc"), "a config change never re-IPs a Service");
    lb("default", "next", 80, Map.of());
    await("next", hasIp("default", "next"));
    assertEquals("203.0.113.8", ip("default", "next"));
  }

  @Test
  void theLeaderWritesEachIpAddressPoolsCountersToItsStatus() throws Exception {
    installCrds();
    namespace("metallb-system");
    io.kubernetes.client.openapi.apis.CustomObjectsApi custom =
        new io.kubernetes.client.openapi.apis.CustomObjectsApi(cluster.apiClient());
    custom.createNamespacedCustomObject("metallb.io", "v1beta1", "metallb-system", "ipaddresspools", Map.of(
        "apiVersion", "metallb.io/v1beta1", "kind", "IPAddressPool",
        "metadata", Map.of("name", "dual", "namespace", "metallb-system"),
        "spec", Map.of("addresses", List.of("203.0.113.8/30", "2001:db8:5::/64")))).execute();
    lb("default", "a", 80, Map.of());
    lb("default", "b", 80, Map.of());
    start("ipam-0", false);
    java.util.function.Supplier<Object> status = () -> {
      try {
        return ((Map<?, ?>) custom.getNamespacedCustomObject("metallb.io", "v1beta1", "metallb-system",
            "ipaddresspools", "dual").execute()).get("status");
      } catch (ApiException e) {
        return e.toString();
      }
    };
    // an IPv6 /64 has more free addresses than an int64 holds: the largest int64 stands for them
    Map<String, Object> two = Map.of("assignedIPv4", 2.0, "assignedIPv6", 0.0, "availableIPv4", 2.0,
        "availableIPv6", (double) Long.MAX_VALUE);
    await("two IPv4 addresses assigned in the status, now " + status.get(), () -> two.equals(status.get()));
    api.deleteNamespacedService("b", "default").execute();
    Map<String, Object> one = Map.of("assignedIPv4", 1.0, "assignedIPv6", 0.0, "availableIPv4", 3.0,
        "availableIPv6", (double) Long.MAX_VALUE);
    await("one after a delete, now " + status.get(), () -> one.equals(status.get()));
  }

  @Test
  void aBrokenConfigKeepsTheOldOneAndSaysWhy() throws Exception {
    config(CONFIG);
    IpamController ctl = start("ipam-0", false);
    await("config", () -> ctl.configState().loaded());
    config("address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n  - 192.0.2.9-192.0.2.5\n");
    await("stale", () -> ctl.configState().stale());
    assertEquals("ConfigMap metallb-system/config", ctl.configState().source());
    lb("broken-config", "still-works", 80, Map.of());
    await("allocation from the old config", hasIp("broken-config", "still-works"));
    await("InvalidConfig event", () -> {
      try {
        return events("metallb-system", "config").stream().anyMatch(e -> e.startsWith("InvalidConfig")
            && e.contains("range ends before it starts"));
      } catch (ApiException e) {
        return false;
      }
    });
    config(CONFIG);
  }

  @Test
  void whenTheLeaderDiesTheStandbyTakesOverAndMovesNobody() throws Exception {
    config(CONFIG);
    IpamController a = start("ipam-a", true);
    await("a leads", a::allocating);
    IpamController b = start("ipam-b", true);
    await("b ready", b::ready);
    assertTrue(!b.allocating(), "exactly one allocates");
    lb("ha", "one", 80, Map.of());
    await("one", hasIp("ha", "one"));
    Map<String, String> before = allIps();
    a.crash();
    long t0 = System.nanoTime();
    await("b takes over", b::allocating);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 10_000, "took " + ms + " ms");
    lb("ha", "two", 80, Map.of());
    await("two", hasIp("ha", "two"));
    Map<String, String> after = allIps();
    after.remove("ha/two");
    assertEquals(before, after);
  }

}
