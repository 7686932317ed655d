package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts writes and failed writes (MetalLB's {@code metallb_k8s_client_updates_total} and
 * {@code _update_errors_total}), and the status writes that succeeded (what paces follow-ups).
 */
final class CountingWriter implements ServiceStatusWriter {
  private final ServiceStatusWriter delegate;
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong statusWrites = new AtomicLong();
  private volatile Runnable afterStatusWrite = () -> { };

  CountingWriter(ServiceStatusWriter delegate) {
    this.delegate = delegate;
  }

  @Override
  public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
    count(() -> delegate.writeIngress(observed, ips, pool));
    statusWrites.incrementAndGet();
    afterStatusWrite.run();
  }

  /** Runs {@code r} after each status write that succeeded (the follow-up gate's wake-up). */
  void afterStatusWrite(Runnable r) {
    this.afterStatusWrite = r;
  }

  @Override
  public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
    count(() -> delegate.annotatePool(observed, pool));
  }

  private interface Write {
    void run() throws WriteException;
  }

  private void count(Write w) throws WriteException {
    updates.incrementAndGet();
    try {
      w.run();
    } catch (WriteException e) {
      errors.incrementAndGet();
      throw e;
    }
  }

  long updates() {
    return updates.get();
  }

  long errors() {
    return errors.get();
  }

  /** Status writes that succeeded (addresses written or cleared); only grows. */
  long statusWrites() {
    return statusWrites.get();
  }
}
