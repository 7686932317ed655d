package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IPReservations against the embedded API server with the chart's CRD: the controller binds them
 * through the status subresource, a restart holds exactly the addresses the status shows, and
 * the leader deletes an expired one.
 */
class ReservationControllerIT {
  private static final String NS = "metallb-system";
  private final LocalCluster cluster = LocalCluster.start();
  private final List<IpamController> running = new ArrayList<>();
  private final GenericKubernetesApi<IpReservation, IpReservation.List_> crs =
      KubernetesReservationWriter.api(cluster.apiClient());

  @AfterEach
  void stop() {
    running.forEach(IpamController::close);
    cluster.close();
  }

  private IpamController start(String identity) {
    return start(identity, false);
  }

  private IpamController start(String identity, boolean leaderElection) {
    ApiClient c = cluster.newApiClient();
    IpamController ctl = new IpamController(c, IpamSettings.defaults(identity).withNamespace(NS)
        .withLeaderElection(leaderElection, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200)));
    running.add(ctl);
    ctl.start();
    return ctl;
  }

  private void setUpCluster() throws Exception {
    ApiClient c = cluster.apiClient();
    new CoreV1Api(c).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS))).execute();
    new CoreV1Api(c).createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().namespace(NS)
        .name("config")).data(Map.of("config", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n"
            + "  addresses:\n  - 192.0.2.5-192.0.2.9\n"))).execute();
    Path crd = Path.of(System.getProperty("user.dir"), "..", "helm", "baremetal-lb", "crds",
        "baremetallb.io_ipreservations.yaml");
    String json = new com.google.gson.Gson().toJson((Object) new org.yaml.snakeyaml.Yaml().load(Files.readString(crd)));
    new ApiextensionsV1Api(c).createCustomResourceDefinition(c.getJSON().deserialize(json,
        V1CustomResourceDefinition.class)).execute();
  }

  private void create(String name, Integer count, String expiresAt) {
    IpReservation.Spec spec = new IpReservation.Spec();
    spec.pool = "my-ip-space";
    spec.count = count;
    spec.owner = "it";
    spec.expiresAt = expiresAt;
    var r = crs.create(new IpReservation().metadata(new V1ObjectMeta().namespace(NS).name(name)).spec(spec));
    assertEquals(true, r.isSuccess(), () -> "create " + name + ": " + r.getHttpStatusCode() + " " + r.getStatus());
  }

  private IpReservation read(String name) {
    var r = crs.get(NS, name);
    return r.isSuccess() ? r.getObject() : null;
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private List<String> bound(String name) throws InterruptedException {
    return await(name + " Bound", () -> {
      IpReservation r = read(name);
      return r != null && r.getStatus() != null && "Bound".equals(r.getStatus().phase) ? r.getStatus().addresses : null;
    });
  }

  @Test
  void aCountReservationIsBoundAndARestartHoldsExactlyTheSameAddresses() throws Exception {
    setUpCluster();
    IpamController first = start("ipam-0");
    create("first", 1, null);
    assertEquals(List.of("192.0.2.5"), bound("first"));
    create("vms", 2, null);
    assertEquals(List.of("192.0.2.6", "192.0.2.7"), bound("vms"));
    crs.delete(NS, "first");
    await("first released", () -> first.heldReservation("first").isEmpty() ? true : null);
    first.close();

    IpamController second = start("ipam-1");
    await("the new controller holding vms", () -> second.heldReservation("vms").isPresent() ? true : null);
    assertEquals(List.of("192.0.2.6", "192.0.2.7"),
        second.heldReservation("vms").orElseThrow().stream().map(Object::toString).toList(),
        "the addresses its status shows, not the lowest free ones (192.0.2.5 is free again)");
  }

  @Test
  void aStandbyServesTheRestApiTheLeaderAppliesAndARefusalLeavesNothingBehind() throws Exception {
    setUpCluster();
    IpamController a = start("ipam-a", true);
    IpamController b = start("ipam-b", true);
    IpamController standby = await("one leader, one standby", () -> a.allocating() && !b.allocating() ? b
        : b.allocating() && !a.allocating() ? a : null);
    IpamController leader = standby == a ? b : a;
    await("the standby's reservation cache", () -> standby.reservations().isPresent() && standby.ready() ? true : null);
    io.baremetallb.ipam.api.Reservations api = new io.baremetallb.ipam.api.Reservations(standby, Duration.ofSeconds(10));

    io.baremetallb.ipam.api.ReservationView v = api.create(new io.baremetallb.ipam.api.ReservationRequest(
        java.util.Optional.of("vms"), "my-ip-space", java.util.Optional.empty(), 2, "it", "two VMs",
        java.util.Optional.empty()));
    assertEquals(List.of("Bound", "192.0.2.5", "192.0.2.6"), List.of(v.phase(), v.addresses().get(0), v.addresses().get(1)));
    assertEquals(List.of("192.0.2.5", "192.0.2.6"),
        leader.heldReservation("vms").orElseThrow().stream().map(Object::toString).toList());
    assertEquals(List.of(), standby.heldReservation("vms").stream().toList(), "a standby holds nothing");

    io.baremetallb.ipam.api.ApiProblem tooMany = org.junit.jupiter.api.Assertions.assertThrows(
        io.baremetallb.ipam.api.ApiProblem.class, () -> api.create(new io.baremetallb.ipam.api.ReservationRequest(
            java.util.Optional.of("big"), "my-ip-space", java.util.Optional.empty(), 4, "it", "", java.util.Optional.empty())));
    assertEquals(409, tooMany.problem().status());
    assertEquals("count: pool \"my-ip-space\" has 3 free addresses, 4 asked for", tooMany.problem().detail());
    assertEquals(null, read("big"), "the refused reservation was deleted again");
  }

  @Test
  void anExpiredReservationIsDeletedByTheLeader() throws Exception {
    setUpCluster();
    start("ipam-0");
    create("soon", 1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1).toString());
    bound("soon");
    await("soon deleted", () -> read("soon") == null ? true : null);
  }
}
