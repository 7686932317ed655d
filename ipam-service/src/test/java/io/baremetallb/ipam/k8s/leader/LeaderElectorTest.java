package io.baremetallb.ipam.k8s.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {
  private static final LeaderElector.Timing TIMING =
      new LeaderElector.Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  static final class Clock implements InstantSource {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A lease store with the API server's optimistic concurrency; can be made unreachable. */
  static final class MemoryStore implements LeaseStore {
    LeaseRecord lease;
    int rv;
    boolean down;
    Runnable beforeUpdate = () -> { };

    @Override
    public Optional<LeaseRecord> get() throws LeaseStoreException {
      check();
      return Optional.ofNullable(lease);
    }

    @Override
    public LeaseRecord create(LeaseRecord r) throws LeaseStoreException {
      check();
      if (lease != null) {
        throw new LeaseStoreException("exists", true, null);
      }
      return lease = r.withResourceVersion(String.valueOf(++rv));
    }

    @Override
    public LeaseRecord update(LeaseRecord r) throws LeaseStoreException {
      check();
      beforeUpdate.run();
      if (lease == null || !lease.resourceVersion().equals(r.resourceVersion())) {
        throw new LeaseStoreException("conflict", true, null);
      }
      return lease = r.withResourceVersion(String.valueOf(++rv));
    }

    private void check() throws LeaseStoreException {
      if (down) {
        throw new LeaseStoreException("connection refused", false, null);
      }
    }
  }

  static final class Events implements LeaderElector.Listener {
    final List<String> log = new ArrayList<>();

    @Override
    public void startedLeading() {
      log.add("started");
    }

    @Override
    public void stoppedLeading() {
      log.add("stopped");
    }

    @Override
    public void newLeader(String identity) {
      log.add("leader=" + identity);
    }
  }

  private final Clock clock = new Clock();
  private final MemoryStore store = new MemoryStore();
  private final Events aEvents = new Events();
  private final Events bEvents = new Events();
  private final LeaderElector a = new LeaderElector(store, "ipam-a", TIMING, clock, aEvents);
  private final LeaderElector b = new LeaderElector(store, "ipam-b", TIMING, clock, bEvents);

  private void advance(int seconds) {
    clock.now = clock.now.plusSeconds(seconds);
  }

  @Test
  void exactlyOneOfTwoReplicasLeads() {
    assertTrue(a.tick());
    assertFalse(b.tick());
    advance(2);
    assertTrue(a.tick());
    assertFalse(b.tick());
    assertEquals(List.of("leader=ipam-a", "started"), aEvents.log);
    assertEquals(List.of("leader=ipam-a"), bEvents.log);
  }

  @Test
  void aStandbyTakesOverOnlyAfterAWholeLeaseDurationWithoutRenewal() {
    a.tick();
    b.tick();
    // a dies: it never ticks again
    advance(14);
    assertFalse(b.tick(), "lease still valid by b's own observation");
    advance(1);
    assertTrue(b.tick());
    assertEquals(1, store.lease.transitions());
    assertEquals(List.of("leader=ipam-a", "leader=ipam-b", "started"), bEvents.log);
  }

  @Test
  void aLeaderThatCannotRenewStopsBeforeTheStandbyMayStart() {
    a.tick();
    b.tick();
    store.down = true;
    advance(9);
    assertTrue(a.tick(), "still inside the renew deadline");
    advance(1);
    assertFalse(a.tick(), "renew deadline (10 s) passed");
    assertEquals(List.of("leader=ipam-a", "started", "stopped"), aEvents.log);
    store.down = false;
    advance(4);
    assertFalse(b.tick(), "15 s since b saw a renew: not yet... ");
    advance(1);
    assertTrue(b.tick());
  }

  @Test
  void releaseOnCleanStopHandsOverAtTheNextTick() {
    a.tick();
    b.tick();
    a.release();
    assertFalse(a.isLeader());
    assertTrue(b.tick(), "no need to wait for expiry");
  }

  @Test
  void aLostRaceIsNotLeadership() {
    a.tick();
    b.tick();
    advance(16);
    // between b's read and b's write, another replica takes the lease
    store.beforeUpdate = () -> store.lease = store.lease.withResourceVersion("written-by-c");
    assertFalse(b.tick(), "b's update carries a stale resourceVersion");
    assertFalse(b.isLeader());
    store.beforeUpdate = () -> { };
    assertTrue(b.tick(), "the next attempt reads the fresh lease");
  }

  @Test
  void timingsMustBeOrdered() {
    assertThrows(IllegalArgumentException.class,
        () -> new LeaderElector.Timing(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)));
  }
}
