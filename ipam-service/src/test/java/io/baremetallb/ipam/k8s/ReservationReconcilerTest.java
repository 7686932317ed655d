package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.controller.Result;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservation stories on in-memory caches: the fake writers play the API server and the informers,
 * and a Service reconciler shares the allocator, as in the controller.
 */
class ReservationReconcilerTest {
  private static final String NS = "metallb-system";
  private final Cache<IpReservation> cache = new Cache<>();
  private final Cache<V1Service> serviceCache = new Cache<>();
  private final Cache<V1Namespace> namespaceCache = new Cache<>();
  private final List<String> events = new ArrayList<>();
  private final List<String> deleted = new ArrayList<>();
  private int statusWrites;
  private int releases;
  private boolean failWrites;
  private Instant now = Instant.parse("2026-11-25T12:00:00Z");
  private Allocator allocator;
  private ReservationReconciler reconciler;
  private ServiceReconciler services;

  private final ReservationWriter writer = new ReservationWriter() {
    @Override
    public void writeStatus(IpReservation observed, IpReservation.Status status) throws WriteException {
      if (failWrites) {
        throw new WriteException("HTTP 500", false, null);
      }
      statusWrites++;
      cache.update(observed.withStatus(status));
    }

    @Override
    public void delete(IpReservation observed) {
      deleted.add(observed.getMetadata().getName());
      cache.delete(observed);
    }
  };

  @BeforeEach
  void setUp() {
    startLeader();
    namespaceCache.add(new V1Namespace().metadata(new V1ObjectMeta().name("default")));
  }

  /** A fresh allocator and reconcilers, as after a restart or on a new leader. */
  private void startLeader() {
    allocator = new Allocator();
    allocator.setPools(List.of(AddressPool.of("my-ip-space", "192.0.2.5-192.0.2.9")));
    reconciler = new ReservationReconciler(new Lister<>(cache, NS), allocator, new Object(), writer, () -> now,
        () -> releases++);
    services = new ServiceReconciler(new Lister<>(serviceCache), new Lister<>(namespaceCache),
        new ServiceMapper("baremetallb.io/lb", true), allocator, new Object(), new FakeServiceWriter(),
        (KubernetesObject o, EventRecorder.Type t, String reason, String message) ->
            events.add(o.getMetadata().getName() + " " + t + " " + reason + ": " + message));
  }

  private static IpReservation reservation(String name, String pool, List<String> addresses, Integer count,
      String expiresAt) {
    IpReservation.Spec spec = new IpReservation.Spec();
    spec.pool = pool;
    spec.addresses = addresses;
    spec.count = count;
    spec.owner = "ops";
    spec.expiresAt = expiresAt;
    return new IpReservation().metadata(new V1ObjectMeta().namespace(NS).name(name).generation(1L)).spec(spec);
  }

  private Result apply(IpReservation r) {
    cache.add(r);
    return reconciler.reconcile(r.getMetadata().getName());
  }

  private IpReservation.Status status(String name) {
    return cache.getByKey(NS + "/" + name).getStatus();
  }

  private static List<IpAddress> ips(String... s) {
    return java.util.Arrays.stream(s).map(IpAddress::parse).toList();
  }

  @Test
  void specificAddressesAreHeldAndTheStatusSaysBound() {
    assertEquals(Result.done(), apply(reservation("router", "my-ip-space", List.of("192.0.2.7"), null, null)));
    assertEquals(Map.of("router", ips("192.0.2.7")), allocator.reservations());
    IpReservation.Status s = status("router");
    assertEquals("Bound", s.phase);
    assertEquals(List.of("192.0.2.7"), s.addresses);
    assertEquals(List.of("True", "AddressesHeld", "holding 192.0.2.7"),
        List.of(s.ready().status, s.ready().reason, s.ready().message));
    assertEquals(1L, s.ready().observedGeneration);
  }

  @Test
  void aCountIsPickedOnceWrittenToTheStatusAndReconcilingAgainWritesNothing() {
    apply(reservation("vms", "my-ip-space", null, 2, null));
    assertEquals(List.of("192.0.2.5", "192.0.2.6"), status("vms").addresses);
    int writes = statusWrites;
    assertEquals(Result.done(), reconciler.reconcile("vms"));
    assertEquals(writes, statusWrites);
    assertEquals(Map.of("vms", ips("192.0.2.5", "192.0.2.6")), allocator.reservations());
  }

  @Test
  void afterARestartACountReservationGetsExactlyTheAddressesItsStatusShows() {
    IpReservation r = reservation("vms", "my-ip-space", null, 2, null);
    IpReservation.Status bound = new IpReservation.Status();
    bound.phase = "Bound";
    bound.addresses = List.of("192.0.2.8", "192.0.2.9");
    cache.add(r.withStatus(bound));
    startLeader();
    reconciler.reconcile("vms");
    assertEquals(Map.of("vms", ips("192.0.2.8", "192.0.2.9")), allocator.reservations(),
        "not the lowest free ones: the ones it was given before");
  }

  @Test
  void anExpiringReservationIsRequeuedForItsExpiryThenReleasedMarkedExpiredAndDeleted() {
    Result r = apply(reservation("temp", "my-ip-space", List.of("192.0.2.5"), null, "2026-11-25T12:10:00Z"));
    assertEquals(Result.Kind.REQUEUE_AFTER, r.kind());
    assertEquals(Optional.of(Duration.ofMinutes(10)), r.after());
    now = now.plus(Duration.ofMinutes(10));
    IpReservation before = cache.getByKey(NS + "/temp");
    assertEquals(Result.done(), reconciler.reconcile("temp"));
    assertEquals(Map.of(), allocator.reservations());
    assertEquals(List.of("temp"), deleted);
    assertEquals(1, releases);
    assertNull(cache.getByKey(NS + "/temp"));
    assertEquals("Bound", before.getStatus().phase, "the informer's object is never changed in place");
  }

  @Test
  void deletingAReservationReleasesItsAddressesAndRequeuesWaitingServices() {
    IpReservation r = reservation("gw", "my-ip-space", null, 5, null);
    apply(r);
    assertEquals(5, allocator.reservations().get("gw").size());
    cache.delete(cache.getByKey(NS + "/gw"));
    assertEquals(Result.done(), reconciler.reconcile("gw"));
    assertEquals(Map.of(), allocator.reservations());
    assertEquals(1, releases);
  }

  @Test
  void anAddressInUseFailsWithTheReasonAndIsTriedAgainLater() {
    assertEquals(Result.done(), services.reconcile(service("myapp-svc", null, null)));
    Result r = apply(reservation("gw", "my-ip-space", List.of("192.0.2.5"), null, null));
    assertEquals(Result.requeueAfter(ReservationReconciler.RETRY_FAILED, "AddressInUse"), r);
    IpReservation.Status s = status("gw");
    assertEquals(List.of("Failed", "False", "AddressInUse"), List.of(s.phase, s.ready().status, s.ready().reason));
    assertTrue(s.ready().message.contains("192.0.2.5 is in use by default/myapp-svc"), s.ready().message);
  }

  @Test
  void tooBigACountFailsSayingHowManyAreFree() {
    apply(reservation("big", "my-ip-space", null, 6, null));
    assertEquals("pool \"my-ip-space\" has 5 free addresses, 6 asked for", status("big").ready().message);
    assertEquals("PoolExhausted", status("big").ready().reason);
  }

  @Test
  void anUnknownPoolAndABadSpecFailNamingTheField() {
    apply(reservation("a", "nope", List.of("192.0.2.5"), null, null));
    assertEquals("PoolNotFound", status("a").ready().reason);
    assertEquals(Result.done(), apply(reservation("b", "my-ip-space", List.of("192.0.2.x"), null, null)));
    assertEquals("spec.addresses[0]: \"192.0.2.x\" is not an IP address", status("b").ready().message);
    apply(reservation("c", "my-ip-space", List.of("192.0.2.5"), 1, null));
    assertEquals("spec: set exactly one of addresses and count", status("c").ready().message);
    apply(reservation("d", "my-ip-space", null, 1, "tomorrow"));
    assertEquals("spec.expiresAt: \"tomorrow\" is not an RFC 3339 date-time", status("d").ready().message);
    assertEquals(Map.of(), allocator.reservations());
  }

  @Test
  void aFailedStatusWriteLeavesNothingHeldThatTheClusterDoesNotShow() {
    failWrites = true;
    assertEquals(Result.Kind.RETRY, apply(reservation("vms", "my-ip-space", null, 2, null)).kind());
    assertEquals(Map.of(), allocator.reservations());
  }

  @Test
  void aServiceThatRequestsTheAddressAndNamesTheReservationGetsIt() {
    apply(reservation("router", "my-ip-space", List.of("192.0.2.5"), null, null));
    services.reconcile(service("vip", "192.0.2.5", "router"));
    assertEquals(List.of("192.0.2.5"), ingress("vip"));
    assertEquals(List.of("vip Normal IPAllocated: Assigned IP 192.0.2.5 from pool my-ip-space"), events);
  }

  @Test
  void aServiceThatRequestsAReservedAddressWithoutNamingTheReservationIsRefusedWithAnEvent() {
    apply(reservation("router", "my-ip-space", List.of("192.0.2.5"), null, null));
    services.reconcile(service("sneaky", "192.0.2.5", null));
    services.reconcile(service("other", "192.0.2.5", "another"));
    services.reconcile(service("plain", null, null));
    assertEquals(List.of(), ingress("sneaky"));
    assertEquals(List.of(), ingress("other"));
    assertEquals(List.of("192.0.2.6"), ingress("plain"), "automatic allocation skips the reserved address");
    assertEquals("sneaky Warning AllocationFailed: Failed to allocate IP for \"default/sneaky\": 192.0.2.5 is "
        + "reserved (\"router\"); a Service may take it only by requesting it and naming that reservation",
        events.get(0));
    assertTrue(events.get(1).startsWith("other Warning AllocationFailed"), events.get(1));
  }

  private ServiceKey service(String name, String ip, String reservation) {
    Map<String, String> ann = new HashMap<>();
    if (ip != null) {
      ann.put("metallb.io/loadBalancerIPs", ip);
    }
    if (reservation != null) {
      ann.put(ServiceMapper.RESERVATION_ANNOTATION, reservation);
    }
    serviceCache.add(new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name(name).uid(name + "-uid").annotations(ann))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy("Cluster")
            .ipFamilies(List.of("IPv4")).ipFamilyPolicy("SingleStack")
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP")))));
    return new ServiceKey("default", name);
  }

  private List<String> ingress(String name) {
    return ServiceReconciler.ingressIps(serviceCache.getByKey("default/" + name)).stream()
        .map(IpAddress::toString).toList();
  }

  private final class FakeServiceWriter implements ServiceStatusWriter {
    @Override
    public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) {
      observed.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
          .ingress(ips.stream().map(ip -> new V1LoadBalancerIngress().ip(ip.toString())).toList())));
      if (!ips.isEmpty()) {
        pool.ifPresent(p -> observed.getMetadata().getAnnotations().put(ServiceReconciler.POOL_ANNOTATION, p));
      } else {
        observed.getMetadata().getAnnotations().remove(ServiceReconciler.POOL_ANNOTATION);
      }
      serviceCache.update(observed);
    }

    @Override
    public void annotatePool(V1Service observed, Optional<String> pool) {
      pool.ifPresent(p -> observed.getMetadata().getAnnotations().put(ServiceReconciler.POOL_ANNOTATION, p));
      serviceCache.update(observed);
    }
  }
}
