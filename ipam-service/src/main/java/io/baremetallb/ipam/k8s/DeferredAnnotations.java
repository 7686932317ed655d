package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A {@link ServiceStatusWriter} that writes the status (with the pool annotation in the same write) at
 * once and a pool annotation on its own later, on one background thread behind a {@link FollowUpGate}:
 * those are the rarer cases where the addresses stay and only the annotation is missing or wrong (a
 * user removed it, the pool was renamed, an API server kept only the status). Requests for one Service
 * coalesce (the last one wins) and each is checked against the Service cache just before it is sent.
 * A failed patch requeues the Service, whose next reconcile asks again.
 */
final class DeferredAnnotations implements ServiceStatusWriter, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeferredAnnotations.class.getName());

  private final ServiceStatusWriter delegate;
  private final Lister<V1Service> services;
  private final FollowUpGate gate;
  private final Consumer<ServiceKey> requeue;
  /** Oldest request first; a newer request for the same Service replaces it in place. */
  private final Map<ServiceKey, Optional<String>> pending = new LinkedHashMap<>();
  private final Thread worker;

  DeferredAnnotations(ServiceStatusWriter delegate, Lister<V1Service> services, FollowUpGate gate,
      Consumer<ServiceKey> requeue) {
    this.delegate = delegate;
    this.services = services;
    this.gate = gate;
    this.requeue = requeue;
    this.worker = new Thread(this::run, "ipam-pool-annotations");
    worker.setDaemon(true);
  }

  DeferredAnnotations start() {
    worker.start();
    return this;
  }

  @Override
  public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
    delegate.writeIngress(observed, ips, pool);
  }

  @Override
  public void annotatePool(V1Service observed, Optional<String> pool) {
    ServiceKey key = new ServiceKey(observed.getMetadata().getNamespace(), observed.getMetadata().getName());
    synchronized (pending) {
      pending.put(key, pool);
      pending.notifyAll();
    }
  }

  /** Annotations asked for and not yet sent (for tests and health). */
  int backlog() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private void run() {
    try {
      while (true) {
        sendOldest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a request and for the gate, then sends the latest request of the oldest Service. */
  void sendOldest() throws InterruptedException {
    ServiceKey next;
    synchronized (pending) {
      while (pending.isEmpty()) {
        pending.wait();
      }
      next = pending.keySet().iterator().next();
    }
    gate.await();
    Optional<String> latest;
    synchronized (pending) {
      latest = pending.remove(next);
    }
    if (latest != null) {
      send(next, latest);
    }
  }

  private void send(ServiceKey key, Optional<String> pool) {
    V1Service svc = services.namespace(key.namespace()).get(key.name());
    if (svc == null || ServiceReconciler.poolAnnotation(svc).equals(pool)) {
      return;
    }
    try {
      delegate.annotatePool(svc, pool);
    } catch (WriteException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // closing: the next leader's reconcile writes what is missing
      }
      LOG.warning("event=poolAnnotationFailed service=" + key + " error=\"" + e.getMessage() + "\"");
      requeue.accept(key);
    }
  }

  @Override
  public void close() {
    worker.interrupt();
  }
}
