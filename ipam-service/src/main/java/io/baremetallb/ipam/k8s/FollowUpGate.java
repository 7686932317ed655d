package io.baremetallb.ipam.k8s;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps follow-up writes (the pool annotation, Events) off the allocation's critical path: before
 * one of them goes to the API server it waits while Services are waiting to be reconciled, so a
 * burst of new Services gets its addresses first. A follow-up is never held longer than
 * {@code maxDelay} after it was asked for, so under sustained load it still goes out.
 */
final class FollowUpGate {
  static final FollowUpGate OPEN = new FollowUpGate(() -> false, Duration.ZERO, System::nanoTime);
  private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

  private final BooleanSupplier busy;
  private final long maxDelayNanos;
  private final LongSupplier nanoTime;

  FollowUpGate(BooleanSupplier busy, Duration maxDelay, LongSupplier nanoTime) {
    this.busy = busy;
    this.maxDelayNanos = maxDelay.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether a follow-up asked for at {@code askedAt} (nanoTime) must still wait. */
  boolean mustWait(long askedAt) {
    return nanoTime.getAsLong() - askedAt < maxDelayNanos && busy.getAsBoolean();
  }

  /** Waits (on the follow-up thread) until {@link #mustWait} is false. */
  void await(long askedAt) {
    while (mustWait(askedAt) && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  long now() {
    return nanoTime.getAsLong();
  }
}
