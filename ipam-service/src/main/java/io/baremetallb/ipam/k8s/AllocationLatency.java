package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Measures the time from a Service event seen by the informer to the status with its address
 * written: {@link #seen} stamps the first event of a burst, the writer that {@link #wrap} returns
 * reports when it has written a non-empty ingress, and {@link #settled} forgets a key whose
 * reconcile wrote nothing (so a later allocation is not charged with the idle time in between).
 * Retries keep the first stamp: their time is part of the latency.
 */
public final class AllocationLatency {
  private final Map<ServiceKey, Long> seenAt = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private volatile Consumer<Duration> sink = d -> { };

  public AllocationLatency(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Where measured latencies go (the metrics histogram). */
  public void reportTo(Consumer<Duration> sink) {
    this.sink = sink;
  }

  void seen(ServiceKey key) {
    seenAt.putIfAbsent(key, nanoTime.getAsLong());
  }

  void settled(ServiceKey key) {
    seenAt.remove(key);
  }

  /** Forgets every stamp (on losing leadership: those Services are the next leader's). */
  void clear() {
    seenAt.clear();
  }

  /** How many keys are waiting (for tests: nothing leaks). */
  int pending() {
    return seenAt.size();
  }

  private void written(ServiceKey key) {
    Long t = seenAt.remove(key);
    if (t != null) {
      sink.accept(Duration.ofNanos(nanoTime.getAsLong() - t));
    }
  }

  /** {@code delegate}, reporting the latency when an address has been written. */
  ServiceStatusWriter wrap(ServiceStatusWriter delegate) {
    return new ServiceStatusWriter() {
      @Override
      public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
        delegate.writeIngress(observed, ips, pool);
        if (!ips.isEmpty()) {
          written(new ServiceKey(observed.getMetadata().getNamespace(), observed.getMetadata().getName()));
        }
      }

      @Override
      public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
        delegate.annotatePool(observed, pool);
      }
    };
  }
}
