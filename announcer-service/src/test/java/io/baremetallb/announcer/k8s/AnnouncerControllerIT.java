package io.baremetallb.announcer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The announcer's informers against the embedded API server: the demands follow Nodes, the config,
 * a LoadBalancer Service's status and its EndpointSlices (the document's 4.3.3 and 4.3.4).
 */
class AnnouncerControllerIT {
  private static final String CONFIG = """
      address-pools:
      - name: my-ip-space
        protocol: layer2
        addresses:
        - 192.0.2.5-192.0.2.9
      """;

  private final LocalCluster cluster = LocalCluster.start();
  private final CoreV1Api api = new CoreV1Api(cluster.apiClient());
  private final DiscoveryV1Api discovery = new DiscoveryV1Api(cluster.apiClient());
  private final LinkedBlockingQueue<AnnouncerController.Update> updates = new LinkedBlockingQueue<>();
  private final AnnouncerController controller =
      new AnnouncerController(cluster.newApiClient(), AnnouncerController.Settings.defaults(), "t90", updates::add);

  @AfterEach
  void stop() {
    controller.close();
    cluster.close();
  }

  @Test
  void demandsFollowTheServiceItsEndpointsAndTheNodes() throws Exception {
    api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("metallb-system"))).execute();
    node("t90", "198.51.100.90");
    node("t91", "198.51.100.91");
    api.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
        .metadata(new V1ObjectMeta().namespace("metallb-system").name("config")).data(Map.of("config", CONFIG))).execute();
    controller.start();
    AnnouncerController.Update first = await(u -> u.peers().size() == 2);
    assertEquals(List.of(IpAddress.parse("198.51.100.90"), IpAddress.parse("198.51.100.91")), first.peers());
    assertEquals(List.of(), first.demands().demands());

    // 4.3.3: myapp-svc, externalTrafficPolicy Local, its pod on t90; the IPAM wrote 192.0.2.5 to its status
    V1Service svc = api.createNamespacedService("default", new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name("myapp-svc"))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy("Local").selector(Map.of("app", "myapp"))
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP"))))).execute();
    svc.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
        .addIngressItem(new V1LoadBalancerIngress().ip("192.0.2.5"))));
    api.replaceNamespacedServiceStatus("myapp-svc", "default", svc).execute();
    slice("myapp-svc-1", "t90");
    IpDemand d = await(u -> local(u).equals(Optional.of(Set.of("t90")))).demands().demands().get(0);
    assertEquals(new IpDemand(IpAddress.parse("192.0.2.5"), "my-ip-space", Optional.of(Set.of("t90", "t91")),
        Optional.of(Set.of("t90"))), d);

    // the membership made t90 the owner: the Service gets MetalLB's nodeAssigned event, once
    controller.ownedChanged("t90", Set.of(IpAddress.parse("192.0.2.5")));
    controller.ownedChanged("t90", Set.of(IpAddress.parse("192.0.2.5")));
    awaitTrue(() -> events("myapp-svc").size() == 1);
    assertEquals(List.of("nodeAssigned: announcing from node \"t90\" with protocol \"layer2\""), events("myapp-svc"));

    // 4.3.4: the pod moved to t91
    V1EndpointSlice moved = discovery.readNamespacedEndpointSlice("myapp-svc-1", "default").execute();
    moved.getEndpoints().get(0).setNodeName("t91");
    discovery.replaceNamespacedEndpointSlice("myapp-svc-1", "default", moved).execute();
    await(u -> local(u).equals(Optional.of(Set.of("t91"))));

    // a third node joins: it is a peer and advertised, though it runs no pod
    node("t92", "198.51.100.92");
    // (the Node is created before its status names its address: wait for both)
    AnnouncerController.Update three = await(u -> u.peers().size() == 3);
    assertEquals(Optional.of(Set.of("t90", "t91", "t92")), three.demands().demands().get(0).advertisedNodes());
    assertEquals(3, three.knownAnnouncers());

    // the Service leaves: no demand
    api.deleteNamespacedService("myapp-svc", "default").execute();
    await(u -> u.demands().demands().isEmpty());
  }

  @Test
  void invalidConfigKeepsTheLastValidOne() throws Exception {
    api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("metallb-system"))).execute();
    node("t90", "198.51.100.90");
    V1ConfigMap cm = api.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
        .metadata(new V1ObjectMeta().namespace("metallb-system").name("config")).data(Map.of("config", CONFIG))).execute();
    V1Service svc = api.createNamespacedService("default", new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name("web"))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(new V1ServicePort().port(80).protocol("TCP"))))).execute();
    svc.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
        .addIngressItem(new V1LoadBalancerIngress().ip("192.0.2.6"))));
    api.replaceNamespacedServiceStatus("web", "default", svc).execute();
    controller.start();
    await(u -> u.demands().demands().size() == 1);
    api.replaceNamespacedConfigMap("config", "metallb-system", cm.data(Map.of("config", "address-pools: [{name: x}]"))).execute();
    // a later, unrelated change still computes with the last valid config
    node("t91", "198.51.100.91");
    AnnouncerController.Update u = await(x -> x.knownAnnouncers() == 2);
    assertEquals(1, u.demands().demands().size());
  }

  private List<String> events(String name) throws ApiException {
    return api.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check c) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }

  private static Optional<Set<String>> local(AnnouncerController.Update u) {
    return u.demands().demands().isEmpty() ? Optional.empty() : u.demands().demands().get(0).localEndpointNodes();
  }

  private void node(String name, String ip) throws ApiException {
    V1Node n = api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name))).execute();
    n.status(new V1NodeStatus().addAddressesItem(new V1NodeAddress().type("InternalIP").address(ip)));
    api.replaceNodeStatus(name, n).execute();
  }

  private void slice(String name, String node) throws ApiException {
    discovery.createNamespacedEndpointSlice("default", new V1EndpointSlice().addressType("IPv4")
        .metadata(new V1ObjectMeta().namespace("default").name(name)
            .labels(Map.of(DemandBuilder.SERVICE_NAME_LABEL, "myapp-svc")))
        .endpoints(List.of(DemandBuilderTest.ep(node, true)))).execute();
  }

  private AnnouncerController.Update await(Predicate<AnnouncerController.Update> cond) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      AnnouncerController.Update u = updates.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (u == null) {
        throw new AssertionError("no matching update in 30 s; last: " + controller.last());
      }
      if (cond.test(u)) {
        return u;
      }
    }
  }
}
