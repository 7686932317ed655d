package io.baremetallb.announcer.l2;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the one way the layer 2 code reaches for time, so that tests drive
 * it with a manual clock instead of sleeping.
 */
@FunctionalInterface
public interface Scheduler {
  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Stops the task from running if it has not started; a no-op afterwards. */
    void cancel();
  }

  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduler backed by {@code executor} (the production wiring). */
  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delay) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
