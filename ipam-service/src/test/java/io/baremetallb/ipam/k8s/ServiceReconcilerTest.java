package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.controller.Result;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.Allocator;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconciler stories on in-memory caches; the fake writer plays the API server and the informer. */
class ServiceReconcilerTest {
  private final Cache<V1Service> serviceCache = new Cache<>();
  private final Cache<V1Namespace> namespaceCache = new Cache<>();
  private final Allocator allocator = new Allocator();
  private final List<String> events = new ArrayList<>();
  private int failNextWrites;
  private int statusWrites;
  private int annotationWrites;
  private ServiceReconciler reconciler;

  private final ServiceStatusWriter writer = new ServiceStatusWriter() {
    @Override
    public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
      if (failNextWrites > 0) {
        failNextWrites--;
        throw new WriteException("409 Conflict", true, null);
      }
      statusWrites++;
      observed.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
          .ingress(ips.stream().map(ip -> new V1LoadBalancerIngress().ip(ip.toString())).toList())));
      if (ips.isEmpty() || pool.isPresent()) {
        annotatePool(observed, ips.isEmpty() ? Optional.empty() : pool);
        annotationWrites--; // not a write of its own
      }
      serviceCache.update(observed);
    }

    @Override
    public void annotatePool(V1Service observed, Optional<String> pool) {
      annotationWrites++;
      Map<String, String> a = observed.getMetadata().getAnnotations();
      if (pool.isPresent()) {
        a.put(ServiceReconciler.POOL_ANNOTATION, pool.get());
      } else {
        a.remove(ServiceReconciler.POOL_ANNOTATION);
      }
      serviceCache.update(observed);
    }
  };

  private final EventRecorder recorder = (KubernetesObject o, EventRecorder.Type t, String reason, String message) ->
      events.add(o.getMetadata().getName() + " " + t + " " + reason + ": " + message);

  @BeforeEach
  void setUp() {
    // The document's pool, mapped into the documentation range: 192.168.5.5-192.168.5.9 → 192.0.2.5-192.0.2.9
    allocator.setPools(List.of(AddressPool.of("my-ip-space", "192.0.2.5-192.0.2.9")));
    namespaceCache.add(new V1Namespace().metadata(new V1ObjectMeta().name("default")));
    reconciler = new ServiceReconciler(new Lister<>(serviceCache), new Lister<>(namespaceCache),
        new ServiceMapper("baremetallb.io/lb", true), allocator, new Object(), writer, recorder);
  }

  private static V1Service lb(String name, int port, String sharingKey) {
    Map<String, String> ann = new HashMap<>();
    if (sharingKey != null) {
      ann.put("metallb.universe.tf/allow-shared-ip", sharingKey);
    }
    return new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name(name).uid(name + "-uid").annotations(ann))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy("Cluster")
            .ipFamilies(List.of("IPv4")).ipFamilyPolicy("SingleStack")
            .ports(List.of(new V1ServicePort().port(port).protocol("TCP"))));
  }

  private Result apply(V1Service svc) {
    serviceCache.add(svc);
    return reconciler.reconcile(new ServiceKey("default", svc.getMetadata().getName()));
  }

  private List<IpAddress> ingress(String name) {
    return ServiceReconciler.ingressIps(serviceCache.getByKey("default/" + name));
  }

  private static List<IpAddress> ips(String... s) {
    return java.util.Arrays.stream(s).map(IpAddress::parse).toList();
  }

  @Test
  void myappAndWebappGetTheFirstAddressesOfTheDocumentsPool() {
    assertEquals(Result.done(), apply(lb("myapp-svc", 80, null)));
    assertEquals(Result.done(), apply(lb("webapp-svc", 8000, null)));
    assertEquals(ips("192.0.2.5"), ingress("myapp-svc"));
    assertEquals(ips("192.0.2.6"), ingress("webapp-svc"));
    assertEquals("my-ip-space", serviceCache.getByKey("default/myapp-svc").getMetadata().getAnnotations()
        .get(ServiceReconciler.POOL_ANNOTATION));
    assertEquals(List.of("myapp-svc Normal IPAllocated: Assigned IP 192.0.2.5 from pool my-ip-space",
        "webapp-svc Normal IPAllocated: Assigned IP 192.0.2.6 from pool my-ip-space"), events);
  }

  @Test
  void anAllocationIsOneWriteAndAnAnnotationTheClusterDroppedIsWrittenOnItsOwnNextTime() {
    apply(lb("myapp-svc", 80, null));
    assertEquals(1, statusWrites);
    assertEquals(0, annotationWrites, "the pool annotation went with the status");
    // a cluster that kept only the status: the reconcile of the echo writes the annotation by itself
    serviceCache.getByKey("default/myapp-svc").getMetadata().getAnnotations().remove(ServiceReconciler.POOL_ANNOTATION);
    reconciler.reconcile(new ServiceKey("default", "myapp-svc"));
    assertEquals(1, statusWrites);
    assertEquals(1, annotationWrites);
    assertEquals("my-ip-space", serviceCache.getByKey("default/myapp-svc").getMetadata().getAnnotations()
        .get(ServiceReconciler.POOL_ANNOTATION));
  }

  @Test
  void reconcilingAgainChangesNothingAndSaysNothing() {
    apply(lb("myapp-svc", 80, null));
    events.clear();
    reconciler.reconcile(new ServiceKey("default", "myapp-svc"));
    assertEquals(ips("192.0.2.5"), ingress("myapp-svc"));
    assertEquals(List.of(), events);
  }

  @Test
  void twoServicesWithTheSameSharingKeyOnPorts80And8080ShareOneIp() {
    apply(lb("myapp-svc", 80, "192.168.5.9"));
    apply(lb("webapp-svc-2", 8080, "192.168.5.9"));
    assertEquals(ingress("myapp-svc"), ingress("webapp-svc-2"));
  }

  @Test
  void onTheSamePortTheyDoNotAndTheEventSaysWhy() {
    V1Service a = lb("myapp-svc", 80, "k");
    a.getMetadata().getAnnotations().put("metallb.universe.tf/loadBalancerIPs", "192.0.2.9");
    apply(a);
    V1Service b = lb("webapp-svc-2", 80, "k");
    b.getMetadata().getAnnotations().put("metallb.universe.tf/loadBalancerIPs", "192.0.2.9");
    apply(b);
    assertEquals(List.of(), ingress("webapp-svc-2"));
    String last = events.get(events.size() - 1);
    assertTrue(last.startsWith("webapp-svc-2 Warning AllocationFailed: Failed to allocate IP for \"default/webapp-svc-2\": "), last);
    assertTrue(last.contains("192.0.2.9") && last.contains("myapp-svc"), last);
  }

  @Test
  void aFullPoolIsReportedAndDeleteFrees() {
    for (int i = 0; i < 5; i++) {
      apply(lb("s" + i, 80, null));
    }
    apply(lb("s5", 80, null));
    assertEquals(List.of(), ingress("s5"));
    assertTrue(events.get(events.size() - 1).startsWith("s5 Warning AllocationFailed"), events.toString());
    serviceCache.delete(serviceCache.getByKey("default/s0"));
    reconciler.reconcile(new ServiceKey("default", "s0"));
    reconciler.reconcile(new ServiceKey("default", "s5"));
    assertEquals(ips("192.0.2.5"), ingress("s5"));
  }

  @Test
  void turningIntoExternalNameReleasesAndClears() {
    apply(lb("search", 80, null));
    V1Service s = serviceCache.getByKey("default/search");
    s.getSpec().type("ExternalName").externalName("www.baidu.com").ports(null);
    reconciler.reconcile(new ServiceKey("default", "search"));
    assertEquals(List.of(), ingress("search"));
    assertEquals(null, serviceCache.getByKey("default/search").getMetadata().getAnnotations().get(ServiceReconciler.POOL_ANNOTATION));
    assertEquals("search Normal ClearAssignment: Released the load-balancer IP: type is ExternalName", events.get(events.size() - 1));
    assertTrue(allocator.assignment(new ServiceKey("default", "search")).isEmpty());
    apply(lb("next", 80, null));
    assertEquals(ips("192.0.2.5"), ingress("next"), "the address is free again");
  }

  @Test
  void aFailedStatusWriteLeavesTheAllocatorAsTheClusterIsAndRetries() {
    failNextWrites = 1;
    Result r = apply(lb("myapp-svc", 80, null));
    assertEquals(Result.Kind.RETRY, r.kind());
    assertTrue(allocator.assignment(new ServiceKey("default", "myapp-svc")).isEmpty(), "cluster shows nothing");
    assertEquals(List.of(), events, "no IPAllocated for an allocation that did not happen");
    assertEquals(Result.done(), reconciler.reconcile(new ServiceKey("default", "myapp-svc")));
    assertEquals(ips("192.0.2.5"), ingress("myapp-svc"));
  }

  @Test
  void aBrokenAnnotationKeepsWhatTheServiceHas() {
    apply(lb("myapp-svc", 80, null));
    V1Service s = serviceCache.getByKey("default/myapp-svc");
    s.getMetadata().getAnnotations().put("metallb.universe.tf/loadBalancerIPs", "not-an-ip");
    reconciler.reconcile(new ServiceKey("default", "myapp-svc"));
    assertEquals(ips("192.0.2.5"), ingress("myapp-svc"));
    assertTrue(events.get(events.size() - 1).startsWith("myapp-svc Warning AllocationFailed: annotation loadBalancerIPs:"),
        events.toString());
  }
}
