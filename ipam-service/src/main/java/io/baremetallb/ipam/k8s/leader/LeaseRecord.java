package io.baremetallb.ipam.k8s.leader;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@code coordination.k8s.io/v1} Lease says about leadership. An empty holder means the
 * last leader released the lease on a clean stop, so nobody needs to wait for it to expire.
 */
public record LeaseRecord(
    String holder, Duration leaseDuration, Instant acquireTime, Instant renewTime, int transitions,
    String resourceVersion) {

  public boolean heldBy(String identity) {
    return holder != null && holder.equals(identity);
  }

  public boolean released() {
    return holder == null || holder.isEmpty();
  }

  public LeaseRecord withResourceVersion(String rv) {
    return new LeaseRecord(holder, leaseDuration, acquireTime, renewTime, transitions, rv);
  }
}
