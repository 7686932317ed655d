package io.baremetallb.ipam.k8s.leader;

import io.baremetallb.ipam.k8s.leader.LeaseStore.LeaseStoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Leader election over a Lease, with client-go's rules: a candidate takes the lease only when the
 * holder has not renewed it for a whole lease duration <em>as observed by this candidate's own
 * clock</em> (so clock skew between replicas does not matter), and a leader that cannot renew
 * within the renew deadline stops leading before anyone else may start. One {@link #tick()} is one
 * attempt; the caller runs it every retry period. Releasing on a clean stop lets a standby take
 * over at its next tick instead of after the lease duration.
 */
public final class LeaderElector {
  private static final Logger LOG = Logger.getLogger(LeaderElector.class.getName());

  /** Timings, client-go's defaults being 15 s / 10 s / 2 s. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public Timing {
      if (renewDeadline.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException("renewDeadline " + renewDeadline + " must be shorter than leaseDuration " + leaseDuration);
      }
      if (retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException("retryPeriod " + retryPeriod + " must be shorter than renewDeadline " + renewDeadline);
      }
    }
  }

  /** Told about changes of leadership; called from the thread that runs {@link #tick()}. */
  public interface Listener {
    void startedLeading();

    void stoppedLeading();

    default void newLeader(String identity) {
    }
  }

  private final LeaseStore store;
  private final String identity;
  private final Timing timing;
  private final InstantSource clock;
  private final Listener listener;

  private LeaseRecord observed;
  private Instant observedAt;
  private Instant lastRenew;
  private boolean leading;
  private String knownLeader;

  public LeaderElector(LeaseStore store, String identity, Timing timing, InstantSource clock, Listener listener) {
    this.store = store;
    this.identity = Objects.requireNonNull(identity);
    this.timing = timing;
    this.clock = clock;
    this.listener = listener;
  }

  public synchronized boolean isLeader() {
    return leading;
  }

  /** The holder this replica last saw, if any. */
  public synchronized Optional<String> leader() {
    return Optional.ofNullable(knownLeader);
  }

  public String identity() {
    return identity;
  }

  /** One attempt to acquire or renew; returns whether this replica leads afterwards. */
  public synchronized boolean tick() {
    Instant now = clock.instant();
    boolean ok = tryAcquireOrRenew(now);
    if (ok) {
      lastRenew = now;
      if (!leading) {
        leading = true;
        LOG.info(() -> "event=startedLeading identity=" + identity);
        listener.startedLeading();
      }
    } else if (leading && (lastRenew == null || !now.isBefore(lastRenew.plus(timing.renewDeadline())))) {
      leading = false;
      LOG.info(() -> "event=stoppedLeading identity=" + identity + " reason=renewDeadlineExceeded");
      listener.stoppedLeading();
    }
    return leading;
  }

  private boolean tryAcquireOrRenew(Instant now) {
    Optional<LeaseRecord> current;
    try {
      current = store.get();
    } catch (LeaseStoreException e) {
      LOG.fine(() -> "event=leaseReadFailed error=" + e.getMessage());
      return false;
    }
    LeaseRecord mine;
    if (current.isEmpty()) {
      mine = new LeaseRecord(identity, timing.leaseDuration(), now, now, 0, null);
      return write(mine, true, now);
    }
    LeaseRecord l = current.get();
    observe(l, now);
    boolean expired = !now.isBefore(observedAt.plus(l.leaseDuration() == null ? timing.leaseDuration() : l.leaseDuration()));
    if (!l.heldBy(identity) && !l.released() && !expired) {
      return false;
    }
    boolean takeover = !l.heldBy(identity);
    mine = new LeaseRecord(identity, timing.leaseDuration(), takeover ? now : l.acquireTime(), now,
        takeover ? l.transitions() + 1 : l.transitions(), l.resourceVersion());
    return write(mine, false, now);
  }

  private boolean write(LeaseRecord r, boolean create, Instant now) {
    try {
      LeaseRecord written = create ? store.create(r) : store.update(r);
      observe(written, now);
      return true;
    } catch (LeaseStoreException e) {
      LOG.fine(() -> "event=leaseWriteFailed conflict=" + e.conflict() + " error=" + e.getMessage());
      return false;
    }
  }

  /** Remembers when this replica last saw the record change (holder or renew time). */
  private void observe(LeaseRecord l, Instant now) {
    if (observed == null || !Objects.equals(observed.holder(), l.holder())
        || !Objects.equals(observed.renewTime(), l.renewTime())) {
      observedAt = now;
      if (!Objects.equals(knownLeader, l.holder()) && !l.released()) {
        knownLeader = l.holder();
        listener.newLeader(l.holder());
      }
    }
    observed = l;
  }

  /**
   * On a clean stop: if leading, hand the lease back (empty holder) so a standby takes over at
   * its next tick, and stop leading.
   */
  public synchronized void release() {
    if (!leading) {
      return;
    }
    try {
      Optional<LeaseRecord> l = store.get();
      if (l.isPresent() && l.get().heldBy(identity)) {
        LeaseRecord r = l.get();
        store.update(new LeaseRecord("", Duration.ofSeconds(1), r.acquireTime(), clock.instant(), r.transitions(), r.resourceVersion()));
      }
    } catch (LeaseStoreException e) {
      LOG.warning("event=leaseReleaseFailed identity=" + identity + " error=" + e.getMessage());
    }
    leading = false;
    LOG.info(() -> "event=stoppedLeading identity=" + identity + " reason=released");
    listener.stoppedLeading();
  }
}
