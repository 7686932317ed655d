package io.baremetallb.announcer.l2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} on a manual clock: tasks run when a test advances time past their due time. */
final class ManualScheduler implements Scheduler {
  private final class Task implements Cancellable {
    final Duration due;
    final Runnable body;
    boolean cancelled;

    Task(Duration due, Runnable body) {
      this.due = due;
      this.body = body;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private Duration now = Duration.ZERO;

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(now.plus(delay), task);
    tasks.add(t);
    return t;
  }

  /** Moves the clock forward, running every task that falls due, in due order. */
  void advance(Duration by) {
    Duration until = now.plus(by);
    while (true) {
      Task next = tasks.stream().filter(t -> !t.cancelled && t.due.compareTo(until) <= 0)
          .min(Comparator.comparing(t -> t.due)).orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      now = next.due;
      next.body.run();
    }
    now = until;
  }

  /** Tasks neither run nor cancelled. */
  long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
