package io.baremetallb.announcer.bgp.fsm;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Timers as deadlines (OpenBGPD timer.c): data the driver polls, never threads or sleeps. */
public final class Timers {
  private final Map<Timer, Instant> deadlines = new EnumMap<>(Timer.class);

  void start(Timer t, Instant now, Duration after) {
    deadlines.put(t, now.plus(after));
  }

  void stop(Timer t) {
    deadlines.remove(t);
  }

  void stopAll() {
    deadlines.clear();
  }

  public boolean running(Timer t) {
    return deadlines.containsKey(t);
  }

  public Optional<Instant> deadline(Timer t) {
    return Optional.ofNullable(deadlines.get(t));
  }

  /** The earliest deadline of any running timer. */
  public Optional<Instant> next() {
    return deadlines.values().stream().min(Instant::compareTo);
  }

  /** The timer whose deadline is earliest and not after {@code now}, removed from the running set. */
  Optional<Timer> takeDue(Instant now) {
    Timer due = null;
    for (Map.Entry<Timer, Instant> e : deadlines.entrySet()) {
      if (!e.getValue().isAfter(now) && (due == null || e.getValue().isBefore(deadlines.get(due)))) {
        due = e.getKey();
      }
    }
    if (due != null) {
      deadlines.remove(due);
    }
    return Optional.ofNullable(due);
  }
}
