package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FollowUpGateTest {
  private boolean busy;
  private long writes;
  private long now;
  private final FollowUpGate gate = new FollowUpGate(() -> busy, () -> writes, 2, Duration.ofSeconds(1), () -> now);

  private int passes(int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      if (gate.tryPass()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void followUpsGoAtOnceWhileNothingIsBeingReconciled() {
    assertEquals(5, passes(5));
  }

  @Test
  void duringABurstOneFollowUpGoesPerTwoStatusWrites() {
    busy = true;
    assertEquals(0, passes(3), "no status written yet");
    writes = 1;
    assertEquals(0, passes(3));
    writes = 2;
    assertEquals(1, passes(3));
    writes = 8;
    assertEquals(2, passes(10), "credit is capped at two follow-ups, not the six writes' three");
    writes = 10;
    assertEquals(1, passes(10));
  }

  @Test
  void creditSavedBeforeABurstDoesNotFloodIt() {
    writes = 1_000;
    assertTrue(gate.tryPass());
    busy = true;
    assertFalse(gate.tryPass(), "writes made while idle earn nothing");
    writes = 1_002;
    assertTrue(gate.tryPass());
  }

  @Test
  void withNoStatusWritesAtAllOneFollowUpStillGoesPerSecond() {
    busy = true;
    assertEquals(0, passes(5));
    now = Duration.ofMillis(999).toNanos();
    assertFalse(gate.tryPass());
    now = Duration.ofSeconds(1).toNanos();
    assertEquals(1, passes(5));
    now += Duration.ofSeconds(1).toNanos();
    assertEquals(1, passes(5));
  }

  @Test
  void aPaceBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FollowUpGate(() -> false, () -> 0, 0, Duration.ZERO, () -> 0));
    assertTrue(e.getMessage().contains("writesPerFollowUp"), e.getMessage());
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      Thread.sleep(1);
    }
  }

  @Test
  void aWaitingFollowUpGoesOnceStatusWritesHaveEarnedIt() throws Exception {
    AtomicLong written = new AtomicLong();
    FollowUpGate g = new FollowUpGate(() -> true, written::get, 2, Duration.ofDays(1), System::nanoTime);
    Thread waiter = new Thread(g::await);
    waiter.start();
    awaitWaiting(waiter);
    written.set(1);
    g.statusWritten();
    assertTrue(waiter.isAlive(), "one write earns no pass");
    written.set(2);
    g.statusWritten();
    waiter.join(60_000);
    assertFalse(waiter.isAlive(), "the second write let it go");
  }

  @Test
  void anInterruptedWaitReturnsWithTheInterruptStillSet() throws Exception {
    FollowUpGate g = new FollowUpGate(() -> true, () -> 0, 2, Duration.ofDays(1), System::nanoTime);
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      g.await();
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    waiter.start();
    awaitWaiting(waiter);
    waiter.interrupt();
    waiter.join(60_000);
    assertFalse(waiter.isAlive());
    assertTrue(stillInterrupted.get());
  }
}
