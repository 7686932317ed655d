package io.baremetallb.ipam.k8s;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps follow-up writes (the pool annotation, Events) off the allocation's critical path without
 * holding them back in a heap. A follow-up goes at once while no Service is ready to be reconciled
 * or being reconciled. While Services are, follow-ups are paced: one per {@code writesPerFollowUp}
 * status writes (shared by every follow-up thread), and at least one per {@code minPace} whatever
 * happens, so they never starve, and a backlog left by a burst goes out when the burst is over
 * instead of all at once in the middle of the next one.
 */
final class FollowUpGate {
  static final FollowUpGate OPEN = new FollowUpGate(() -> false, () -> 0, 1, Duration.ZERO, System::nanoTime);
  static final long POLL_MILLIS = 20;

  private final BooleanSupplier busy;
  private final LongSupplier statusWrites;
  private final int writesPerFollowUp;
  private final long minPaceNanos;
  private final LongSupplier nanoTime;
  private long spentUpTo;
  private long lastPass;

  /**
   * @param busy whether Services are ready to be reconciled or being reconciled
   * @param statusWrites a count of status writes that only grows
   */
  FollowUpGate(BooleanSupplier busy, LongSupplier statusWrites, int writesPerFollowUp, Duration minPace,
      LongSupplier nanoTime) {
    if (writesPerFollowUp < 1) {
      throw new IllegalArgumentException("writesPerFollowUp must be at least 1, got " + writesPerFollowUp);
    }
    this.busy = busy;
    this.statusWrites = statusWrites;
    this.writesPerFollowUp = writesPerFollowUp;
    this.minPaceNanos = minPace.toNanos();
    this.nanoTime = nanoTime;
    this.lastPass = nanoTime.getAsLong();
  }

  /** Whether a follow-up may go now; if it may, it is counted against the pace. */
  synchronized boolean tryPass() {
    long writes = statusWrites.getAsLong();
    long now = nanoTime.getAsLong();
    if (!busy.getAsBoolean()) {
      spentUpTo = writes; // credit is earned during a burst, not saved up before it
      lastPass = now;
      return true;
    }
    // a burst may start with at most two follow-ups' worth of credit
    spentUpTo = Math.max(spentUpTo, writes - 2L * writesPerFollowUp);
    if (writes - spentUpTo >= writesPerFollowUp) {
      spentUpTo += writesPerFollowUp;
      lastPass = now;
      return true;
    }
    if (now - lastPass >= minPaceNanos) {
      lastPass = now;
      return true;
    }
    return false;
  }

  /**
   * Called after each status write: wakes the waiting follow-ups once the writes have earned one a pass, so
   * that during a burst they wake once per pass instead of polling for it.
   */
  synchronized void statusWritten() {
    if (statusWrites.getAsLong() - spentUpTo >= writesPerFollowUp) {
      notifyAll();
    }
  }

  /**
   * Waits (on the follow-up thread) until {@link #tryPass} lets this follow-up go, or until interrupted (the
   * interrupt stays set). Between {@link #statusWritten} wake-ups it looks every {@value #POLL_MILLIS} ms, to
   * see a burst end or the minimum pace come round. It polled every 2 ms before: during a 10,000-Service
   * burst the Event thread then took 18 % of the server's CPU, the Events it wrote included.
   */
  synchronized void await() {
    try {
      while (!tryPass()) {
        wait(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
