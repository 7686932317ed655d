package io.baremetallb.announcer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.plan.Unadvertised;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.baremetallb.localcluster.junit.LocalClusterExtension;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ServiceBGPStatus objects and the "not advertised" event on the embedded API server, with the
 * chart's own CRD: created with their status, updated, deleted; another node's objects untouched.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BgpStatusWriterIT {
  static final String NS = "metallb-system";
  static final ServiceKey WEB = new ServiceKey("default", "web");
  static final ServiceKey DNS = new ServiceKey("kube-system", "dns");
  ApiClient client;

  @BeforeAll
  void crdAndNamespace(LocalCluster cluster) throws Exception {
    client = cluster.apiClient();
    Path crd = Path.of(System.getProperty("user.dir"), "..", "helm", "baremetal-lb", "crds", "metallb.io_servicebgpstatuses.yaml");
    Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(crd));
    String json = client.getJSON().serialize(tree);
    new ApiextensionsV1Api(client).createCustomResourceDefinition(
        client.getJSON().deserialize(json, V1CustomResourceDefinition.class)).execute();
    for (String ns : List.of(NS)) { // "default" exists from the start
      new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
    }
  }

  @Test
  void objectsFollowWhatTheNodeAdvertisesAndLeaveOtherNodesAlone() throws Exception {
    BgpStatusWriter n1 = new BgpStatusWriter(client, NS, "n1");
    BgpStatusWriter n2 = new BgpStatusWriter(client, NS, "n2");
    n2.sync(Map.of(WEB, Set.of("tor")));

    n1.sync(Map.of(WEB, Set.of("tor", "rr"), DNS, Set.of("tor")));
    assertEquals(Map.of("default-web-n1", "n1 default/web [rr, tor]", "kube-system-dns-n1", "n1 kube-system/dns [tor]",
        "default-web-n2", "n2 default/web [tor]"), statuses());

    assertEquals(1, n1.sync(Map.of(WEB, Set.of("tor"), DNS, Set.of("tor"))).size(), "one change: web's peers");
    assertEquals("n1 default/web [tor]", statuses().get("default-web-n1"));
    assertEquals(List.of(), n1.sync(Map.of(WEB, Set.of("tor"), DNS, Set.of("tor"))), "nothing changed, nothing written");

    n1.sync(Map.of());
    assertEquals(Map.of("default-web-n2", "n2 default/web [tor]"), statuses());
  }

  @Test
  void theNotAdvertisedEventLandsOnTheService() throws Exception {
    CoreV1Api core = new CoreV1Api(client);
    V1Service svc = core.createNamespacedService("default", new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name("lonely"))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(new V1ServicePort().port(80).protocol("TCP")))))
        .execute();
    ServiceKey key = new ServiceKey("default", "lonely");
    BgpPlan plan = new BgpPlan(Map.of(), Map.of(), Map.of(key, List.of(new Unadvertised(IpAddress.parse("192.0.2.65"),
        "advertised by no node to any BGP peer; n1: no BGPPeer selects the node"))));
    new BgpEvents().next(plan, Map.of(key, svc), true).forEach(new ServiceEventWriter(client, "baremetallb-announcer", "n1"));
    List<CoreV1Event> events = core.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> "lonely".equals(e.getInvolvedObject().getName())).toList();
    assertEquals(1, events.size());
    assertEquals(BgpEvents.REASON, events.get(0).getReason());
    assertEquals("192.0.2.65 is allocated but advertised by no node to any BGP peer; n1: no BGPPeer selects the node",
        events.get(0).getMessage());
  }

  @SuppressWarnings("unchecked")
  Map<String, String> statuses() throws ApiException {
    Map<String, Object> list = (Map<String, Object>) new CustomObjectsApi(client)
        .listNamespacedCustomObject("metallb.io", "v1beta1", NS, "servicebgpstatuses").execute();
    Map<String, String> out = new TreeMap<>();
    for (Object o : (List<Object>) list.get("items")) {
      Map<String, Object> item = (Map<String, Object>) o;
      Map<String, Object> status = (Map<String, Object>) item.get("status");
      out.put((String) ((Map<String, Object>) item.get("metadata")).get("name"), status.get("node") + " "
          + status.get("serviceNamespace") + "/" + status.get("serviceName") + " " + status.get("peers"));
    }
    return out;
  }
}
