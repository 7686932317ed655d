package io.baremetallb.ipam.k8s;

import io.baremetallb.controller.Reconciler;
import io.baremetallb.controller.Result;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFormatException;
import io.baremetallb.ipam.core.AllocationResult;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.Assignment;
import io.baremetallb.ipam.core.ExistingAllocation;
import io.baremetallb.ipam.k8s.EventRecorder.Reasons;
import io.baremetallb.ipam.k8s.EventRecorder.Type;
import io.baremetallb.ipam.k8s.ServiceMapper.Mapping;
import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Level-based reconciliation of one Service: read it from the cache, let the allocator decide, and
 * make the Service's status, annotation and events say the same. The allocator is touched under
 * its own lock; API writes happen outside it. If a write fails, the allocator is put back to what
 * the cluster shows, so it never believes something the cluster does not, and the key is retried
 * from fresh state.
 */
public final class ServiceReconciler implements Reconciler<ServiceKey> {
  /** Set on Services whose addresses we wrote, so we know what to clear if a Service stops being ours. */
  public static final String POOL_ANNOTATION = "metallb.io/ip-allocated-from-pool";

  private final Lister<V1Service> services;
  private final Lister<V1Namespace> namespaces;
  private final ServiceMapper mapper;
  private final Allocator allocator;
  private final Object allocatorLock;
  private final ServiceStatusWriter writer;
  private final EventRecorder events;

  public ServiceReconciler(Lister<V1Service> services, Lister<V1Namespace> namespaces, ServiceMapper mapper,
      Allocator allocator, Object allocatorLock, ServiceStatusWriter writer, EventRecorder events) {
    this.services = services;
    this.namespaces = namespaces;
    this.mapper = mapper;
    this.allocator = allocator;
    this.allocatorLock = allocatorLock;
    this.writer = writer;
    this.events = events;
  }

  @Override
  public Result reconcile(ServiceKey key) {
    V1Service svc = services.namespace(key.namespace()).get(key.name());
    if (svc == null) {
      synchronized (allocatorLock) {
        allocator.release(key);
      }
      return Result.done();
    }
    Mapping m = mapper.map(svc, NamespaceLabels.of(namespaces, key.namespace()));
    if (m instanceof Mapping.NotOurs n) {
      return clear(key, svc, n.why());
    }
    if (m instanceof Mapping.Invalid inv) {
      events.record(svc, Type.Warning, Reasons.ALLOCATION_FAILED, inv.problem());
      return Result.done();
    }
    return allocate(key, svc, ((Mapping.Ours) m).request());
  }

  private Result allocate(ServiceKey key, V1Service svc, io.baremetallb.ipam.core.ServiceRequest req) {
    AllocationResult result;
    Optional<Assignment> before;
    Optional<Assignment> after;
    synchronized (allocatorLock) {
      before = allocator.assignment(key);
      result = allocator.allocate(req);
      after = allocator.assignment(key);
    }
    List<IpAddress> ips = after.map(Assignment::ips).orElse(List.of());
    Optional<String> pool = after.flatMap(Assignment::pool);
    try {
      if (!ips.equals(ingressIps(svc))) {
        writer.writeIngress(svc, ips, pool); // the pool annotation goes in the same write
      } else if (pool.isPresent() && !pool.equals(poolAnnotation(svc))) {
        writer.annotatePool(svc, pool);
      }
    } catch (WriteException e) {
      putBackWhatTheClusterShows(key, req, svc);
      return Result.retry("writing " + key + ": " + e.getMessage());
    }
    report(svc, result, before, after);
    return Result.done();
  }

  private void report(V1Service svc, AllocationResult result, Optional<Assignment> before, Optional<Assignment> after) {
    if (result instanceof AllocationResult.Allocated a) {
      if (!before.map(Assignment::ips).equals(after.map(Assignment::ips))) {
        events.record(svc, Type.Normal, Reasons.IP_ALLOCATED, "Assigned IP " + join(a.ips()) + " from pool " + a.pool());
      }
    } else if (result instanceof AllocationResult.Orphaned o) {
      events.record(svc, Type.Warning, Reasons.OUTSIDE_POOLS, "Keeping IP " + join(o.ips()) + ": " + o.reason());
    } else {
      String held = after.map(x -> " (keeping " + join(x.ips()) + ")").orElse("");
      events.record(svc, Type.Warning, Reasons.ALLOCATION_FAILED,
          "Failed to allocate IP for \"" + svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName()
              + "\": " + ((AllocationResult.Rejected) result).message() + held);
    }
  }

  /** After a failed write: the allocator holds for {@code key} exactly what the Service's status shows. */
  private void putBackWhatTheClusterShows(ServiceKey key, io.baremetallb.ipam.core.ServiceRequest req, V1Service svc) {
    List<IpAddress> shown = ingressIps(svc);
    synchronized (allocatorLock) {
      allocator.release(key);
      if (!shown.isEmpty()) {
        allocator.restore(Map.of(key, new ExistingAllocation(req, shown)));
      }
    }
  }

  private Result clear(ServiceKey key, V1Service svc, String why) {
    boolean held;
    synchronized (allocatorLock) {
      held = allocator.release(key);
    }
    boolean wroteIt = poolAnnotation(svc).isPresent();
    if (!held && !wroteIt) {
      return Result.done();
    }
    try {
      if (!ingressIps(svc).isEmpty()) {
        writer.writeIngress(svc, List.of(), Optional.empty()); // removes the pool annotation too
      } else if (wroteIt) {
        writer.annotatePool(svc, Optional.empty());
      }
    } catch (WriteException e) {
      return Result.retry("clearing " + key + ": " + e.getMessage());
    }
    events.record(svc, Type.Normal, Reasons.CLEAR_ASSIGNMENT, "Released the load-balancer IP: " + why);
    return Result.done();
  }

  /** The addresses in {@code status.loadBalancer.ingress}; hostnames and unparsable entries are ignored. */
  public static List<IpAddress> ingressIps(V1Service svc) {
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
        || svc.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    List<IpAddress> out = new ArrayList<>();
    for (V1LoadBalancerIngress i : svc.getStatus().getLoadBalancer().getIngress()) {
      if (i.getIp() != null) {
        try {
          out.add(IpAddress.parse(i.getIp()));
        } catch (IpFormatException e) {
          // someone else's garbage in our field: leave it out, the next write replaces it
        }
      }
    }
    return out;
  }

  static Optional<String> poolAnnotation(V1Service svc) {
    Map<String, String> a = svc.getMetadata() == null ? null : svc.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(POOL_ANNOTATION));
  }

  private static String join(List<IpAddress> ips) {
    return ips.stream().map(IpAddress::toString).collect(Collectors.joining(","));
  }
}
