package io.baremetallb.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerLoopTest {
  private final WorkQueueTest.FakeClock clock = new WorkQueueTest.FakeClock();
  private final WorkQueue<String> queue = new WorkQueue<>(clock, Duration.ofMillis(10), Duration.ofSeconds(1));

  @Test
  void aThrowingReconcilerIsRetriedWithBackoffAndOthersGoOn() {
    List<String> seen = new ArrayList<>();
    ControllerLoop<String> loop = new ControllerLoop<>("test", queue, key -> {
      seen.add(key);
      if (key.equals("bad") && seen.size() < 3) {
        throw new IllegalStateException("boom");
      }
      return Result.done();
    });
    queue.add("bad");
    queue.add("good");
    assertTrue(loop.processOne());
    assertTrue(loop.processOne());
    assertFalse(loop.processOne(), "bad waits for its backoff");
    clock.advance(Duration.ofMillis(10));
    assertTrue(loop.processOne());
    assertEquals(List.of("bad", "good", "bad"), seen);
    assertEquals(1, loop.failures());
    assertEquals(0, queue.failures("bad"), "forgotten after success");
  }

  @Test
  void requeueAfterLooksAgainLater() {
    int[] calls = {0};
    ControllerLoop<String> loop = new ControllerLoop<>("test", queue, key -> {
      calls[0]++;
      return calls[0] == 1 ? Result.requeueAfter(Duration.ofMinutes(1), "expiry") : Result.done();
    });
    queue.add("reservation");
    loop.processOne();
    assertFalse(loop.processOne());
    clock.advance(Duration.ofMinutes(1));
    assertTrue(loop.processOne());
    assertEquals(2, calls[0]);
  }
}
