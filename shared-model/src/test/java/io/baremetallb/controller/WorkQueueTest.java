package io.baremetallb.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  static final class FakeClock implements InstantSource {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> q = new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofSeconds(10));

  @Test
  void aKeyAddedManyTimesIsTakenOnce() {
    q.add("default/myapp-svc");
    q.add("default/myapp-svc");
    q.add("default/webapp-svc");
    assertEquals(Optional.of("default/myapp-svc"), q.poll());
    assertEquals(Optional.of("default/webapp-svc"), q.poll());
    assertEquals(Optional.empty(), q.poll());
  }

  @Test
  void activeCountsReadyAndProcessingKeysButNotThoseWaitingOutARetry() {
    assertEquals(0, q.active());
    q.add("a");
    q.add("b");
    assertEquals(2, q.active());
    String a = q.poll().orElseThrow();
    assertEquals(2, q.active(), "one ready, one processing");
    q.done(a);
    q.addRateLimited("c");
    assertEquals(1, q.active(), "c waits out its backoff");
    q.done(q.poll().orElseThrow());
    assertEquals(0, q.active());
    assertEquals(1, q.length());
  }

  @Test
  void aKeyAddedWhileProcessingComesBackAfterDoneNotBefore() {
    q.add("a");
    assertEquals(Optional.of("a"), q.poll());
    q.add("a");
    assertEquals(Optional.empty(), q.poll(), "never twice at once");
    q.done("a");
    assertEquals(Optional.of("a"), q.poll());
    q.done("a");
    assertEquals(Optional.empty(), q.poll());
  }

  @Test
  void failuresBackOffExponentiallyUntilForgotten() {
    assertEquals(Duration.ofMillis(5), q.backoff(0));
    assertEquals(Duration.ofMillis(40), q.backoff(3));
    assertEquals(Duration.ofSeconds(10), q.backoff(30), "capped");
    assertEquals(Duration.ofSeconds(10), q.backoff(1000), "no overflow");
    q.add("a");
    q.poll();
    q.addRateLimited("a");
    q.done("a");
    assertEquals(Optional.empty(), q.poll(), "waiting 5 ms");
    clock.advance(Duration.ofMillis(5));
    assertEquals(Optional.of("a"), q.poll());
    q.addRateLimited("a");
    q.done("a");
    clock.advance(Duration.ofMillis(9));
    assertEquals(Optional.empty(), q.poll(), "second failure waits 10 ms");
    clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.of("a"), q.poll());
    q.forget("a");
    assertEquals(0, q.failures("a"));
  }

  @Test
  void delayedKeysComeOutInDueOrder() {
    q.addAfter("late", Duration.ofSeconds(2));
    q.addAfter("early", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(3));
    List<String> out = new ArrayList<>();
    q.poll().ifPresent(out::add);
    q.poll().ifPresent(out::add);
    assertEquals(List.of("early", "late"), out);
  }

  @Test
  void shutDownStopsTakersAndIgnoresAdds() throws Exception {
    q.shutDown();
    q.add("a");
    assertTrue(q.isShutDown());
    assertFalse(q.take().isPresent());
  }
}
