package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writers' requests, built without the typed calls, as the embedded API server takes them. */
class KubernetesWritesIT {
  private final LocalCluster cluster = LocalCluster.start();
  private final CoreV1Api api = new CoreV1Api(cluster.apiClient());

  @AfterEach
  void close() {
    cluster.close();
  }

  private V1Service service(String name) throws Exception {
    try {
      api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("demo"))).execute();
    } catch (io.kubernetes.client.openapi.ApiException e) {
      assertEquals(409, e.getCode());
    }
    return api.createNamespacedService("demo", new V1Service().metadata(new V1ObjectMeta().name(name))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(new V1ServicePort().port(80))))).execute();
  }

  @Test
  void oneStatusWriteCarriesThePoolAnnotationAndAStaleOneIsAConflict() throws Exception {
    V1Service created = service("web");
    KubernetesServiceWriter writer = new KubernetesServiceWriter(cluster.apiClient());
    writer.writeIngress(created, List.of(IpAddress.parse("192.0.2.5"), IpAddress.parse("2001:db8::5")),
        Optional.of("my-ip-space"));
    V1Service now = api.readNamespacedService("web", "demo").execute();
    assertEquals(List.of("192.0.2.5", "2001:db8::5"),
        now.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList());
    assertEquals("my-ip-space", now.getMetadata().getAnnotations().get(ServiceReconciler.POOL_ANNOTATION));
    assertEquals(Long.parseLong(created.getMetadata().getResourceVersion()) + 1,
        Long.parseLong(now.getMetadata().getResourceVersion()), "one write");

    ServiceStatusWriter.WriteException stale = assertThrows(ServiceStatusWriter.WriteException.class,
        () -> writer.writeIngress(created, List.of(IpAddress.parse("192.0.2.6")), Optional.empty()));
    assertTrue(stale.conflict(), stale.getMessage());
    assertTrue(stale.getMessage().contains("demo/web"), stale.getMessage());

    writer.writeIngress(now, List.of(), Optional.of("ignored when clearing"));
    V1Service cleared = api.readNamespacedService("web", "demo").execute();
    assertTrue(cleared.getStatus().getLoadBalancer().getIngress() == null
        || cleared.getStatus().getLoadBalancer().getIngress().isEmpty());
    assertFalse(cleared.getMetadata().getAnnotations() != null
        && cleared.getMetadata().getAnnotations().containsKey(ServiceReconciler.POOL_ANNOTATION), "cleared with it");
  }

  @Test
  void theAnnotationAloneIsAPatchOnTheService() throws Exception {
    V1Service created = service("db");
    KubernetesServiceWriter writer = new KubernetesServiceWriter(cluster.apiClient());
    writer.annotatePool(created, Optional.of("p"));
    V1Service now = api.readNamespacedService("db", "demo").execute();
    assertEquals("p", now.getMetadata().getAnnotations().get(ServiceReconciler.POOL_ANNOTATION));
    writer.annotatePool(now, Optional.empty());
    V1Service removed = api.readNamespacedService("db", "demo").execute();
    assertFalse(removed.getMetadata().getAnnotations() != null
        && removed.getMetadata().getAnnotations().containsKey(ServiceReconciler.POOL_ANNOTATION));
  }

  @Test
  void aMissingServiceIsANamedFailureNotAConflict() throws Exception {
    V1Service ghost = new V1Service().metadata(new V1ObjectMeta().namespace("demo").name("ghost").resourceVersion("1"));
    ServiceStatusWriter.WriteException e = assertThrows(ServiceStatusWriter.WriteException.class,
        () -> new KubernetesServiceWriter(cluster.apiClient()).writeIngress(ghost, List.of(IpAddress.parse("192.0.2.5")),
            Optional.empty()));
    assertFalse(e.conflict());
    assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("demo/ghost"), e.getMessage());
  }

  @Test
  void eventsAreCreatedThenCountedWithTimestampsTheClientReads() throws Exception {
    V1Service svc = service("web");
    try (KubernetesEventRecorder events = new KubernetesEventRecorder(cluster.apiClient(), "baremetallb-ipam", "ipam-0")) {
      events.record(svc, EventRecorder.Type.Normal, "IPAllocated", "Assigned IP [\"192.0.2.5\"]");
      events.record(svc, EventRecorder.Type.Normal, "IPAllocated", "Assigned IP [\"192.0.2.5\"]");
      events.record(svc, EventRecorder.Type.Warning, "AllocationFailed", "no available IPs");
      long end = System.nanoTime() + 10_000_000_000L;
      Map<String, CoreV1Event> byReason = Map.of();
      while (System.nanoTime() < end) {
        byReason = new java.util.HashMap<>();
        for (CoreV1Event e : api.listNamespacedEvent("demo").execute().getItems()) {
          byReason.put(e.getReason(), e);
        }
        CoreV1Event allocated = byReason.get("IPAllocated");
        if (byReason.size() == 2 && allocated != null && allocated.getCount() == 2) {
          break;
        }
        Thread.sleep(20);
      }
      CoreV1Event allocated = byReason.get("IPAllocated");
      assertNotNull(allocated, "IPAllocated: " + byReason);
      assertEquals(2, allocated.getCount());
      assertEquals("Normal", allocated.getType());
      assertEquals("web", allocated.getInvolvedObject().getName());
      assertEquals(svc.getMetadata().getUid(), allocated.getInvolvedObject().getUid());
      assertEquals("baremetallb-ipam", allocated.getSource().getComponent());
      assertEquals("ipam-0", allocated.getReportingInstance());
      assertNotNull(allocated.getFirstTimestamp());
      assertFalse(allocated.getLastTimestamp().isBefore(allocated.getFirstTimestamp()));
      CoreV1Event failed = byReason.get("AllocationFailed");
      assertEquals("Warning", failed.getType());
      assertEquals("no available IPs", failed.getMessage());
      assertEquals(0, events.failures());
    }
  }
}
