package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.fsm.FakeClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Two speakers' tables joined by an in-memory link that a test can cut. */
class SessionTableTest {
  static final BfdSessionConfig FAST = new BfdSessionConfig(100_000, 100_000, 3, false, 255);
  static final InetAddress A = ip("192.0.2.1");
  static final InetAddress B = ip("192.0.2.11");

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  record Wire(InetAddress from, byte[] payload) {
  }

  final FakeClock clock = new FakeClock();
  final Deque<Wire> toA = new ArrayDeque<>();
  final Deque<Wire> toB = new ArrayDeque<>();
  final List<String> events = new ArrayList<>();
  boolean linkUp = true;

  SessionTable.Listener recorder(String who) {
    return new SessionTable.Listener() {
      @Override
      public void sessionUp(BfdSessionStatus s) {
        events.add(who + " up " + s.peer().getHostAddress());
      }

      @Override
      public void sessionDown(BfdSessionStatus s) {
        events.add(who + " down " + s.peer().getHostAddress() + " " + s.localDiag());
      }
    };
  }

  final SessionTable a = new SessionTable(clock, new SplittableRandom(1), (peer, p) -> {
    if (linkUp) {
      toB.add(new Wire(A, p.encode()));
    }
  }, recorder("a"));
  final SessionTable b = new SessionTable(clock, new SplittableRandom(2), (peer, p) -> {
    if (linkUp) {
      toA.add(new Wire(B, p.encode()));
    }
  }, recorder("b"));

  /** Runs both tables for {@code d} in 1 ms steps, delivering packets as they are sent. */
  void run(Duration d) {
    for (long ms = 0; ms < d.toMillis(); ms++) {
      a.fireDueTimers();
      b.fireDueTimers();
      while (!toA.isEmpty() || !toB.isEmpty()) {
        if (!toA.isEmpty()) {
          Wire w = toA.poll();
          a.receive(w.payload(), w.from(), 255);
        }
        if (!toB.isEmpty()) {
          Wire w = toB.poll();
          b.receive(w.payload(), w.from(), 255);
        }
      }
      clock.advance(Duration.ofMillis(1));
    }
  }

  @Test
  void sessionsComeUpAndACutLinkIsDetectedWithinTheDetectionTime() {
    a.add(B, FAST);
    b.add(A, FAST);
    run(Duration.ofSeconds(3));
    assertEquals(List.of("a up 192.0.2.11", "b up 192.0.2.1"), events.stream().sorted().toList());
    assertTrue(a.status(B).orElseThrow().up());
    linkUp = false;
    events.clear();
    long ms = 0;
    while (events.isEmpty() && ms < 1000) {
      run(Duration.ofMillis(1));
      ms++;
    }
    // the last packet came at most one transmit interval (100 ms) before the cut
    assertTrue(ms >= 200 && ms <= 301, "down " + ms + " ms after the cut");
    run(Duration.ofMillis(100));
    assertEquals(List.of("a down 192.0.2.11 CONTROL_DETECTION_TIME_EXPIRED", "b down 192.0.2.1 CONTROL_DETECTION_TIME_EXPIRED"),
        events.stream().sorted().toList());
    BfdSessionStatus s = a.status(B).orElseThrow();
    assertEquals(1, s.upEvents());
    assertEquals(1, s.downEvents());
    assertTrue(s.packetsIn() > 10 && s.packetsOut() > 10, s.toString());
  }

  @Test
  void removingASessionTellsThePeerAdminDown() {
    a.add(B, FAST);
    b.add(A, FAST);
    run(Duration.ofSeconds(3));
    events.clear();
    a.remove(B);
    run(Duration.ofMillis(5));
    assertEquals(List.of("a down 192.0.2.11 ADMINISTRATIVELY_DOWN", "b down 192.0.2.1 NEIGHBOR_SIGNALED_SESSION_DOWN"), events);
    assertTrue(b.status(A).orElseThrow().peerAdminDown(), "RFC 5882 §3.2: BGP must not follow this one");
    assertEquals(Optional.empty(), a.status(B));
  }

  @Test
  void demultiplexesAndDropsWithReasons() {
    a.add(B, FAST);
    ControlPacket down = new ControlPacket(Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, 77, 0,
        1_000_000, 100_000, 0, Optional.empty());
    ControlPacket upNoDisc = new ControlPacket(Diagnostic.NONE, BfdState.UP, false, false, false, false, 3, 77, 0,
        1_000_000, 100_000, 0, Optional.empty());
    ControlPacket unknownDisc = new ControlPacket(Diagnostic.NONE, BfdState.UP, false, false, false, false, 3, 77, 12345,
        1_000_000, 100_000, 0, Optional.empty());
    assertEquals(Optional.of(DropReason.MALFORMED), a.receive(new byte[10], B, 255));
    assertEquals(Optional.of(DropReason.TTL_TOO_LOW), a.receive(down.encode(), B, 254));
    assertEquals(Optional.of(DropReason.TTL_TOO_LOW), a.receive(down.encode(), B, -1));
    assertEquals(Optional.of(DropReason.UNKNOWN_PEER), a.receive(down.encode(), ip("192.0.2.99"), 255));
    assertEquals(Optional.of(DropReason.ZERO_DISCRIMINATOR_NOT_DOWN), a.receive(upNoDisc.encode(), B, 255));
    assertEquals(Optional.of(DropReason.UNKNOWN_DISCRIMINATOR), a.receive(unknownDisc.encode(), B, 255));
    assertEquals(Optional.empty(), a.receive(down.encode(), B, 255));
    assertEquals(BfdState.INIT, a.status(B).orElseThrow().state());
    assertEquals(6L, a.drops().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void aSecondSessionWithOnePeerIsRefused() {
    a.add(B, FAST);
    assertThrows(IllegalArgumentException.class, () -> a.add(B, FAST));
    assertThrows(IllegalArgumentException.class, () -> a.remove(ip("192.0.2.99")));
  }

  @Test
  void echoModeProfileIsRefusedWithItsName() {
    var profile = new io.baremetallb.config.BfdProfile("fast", 100, 100, 3, 50, true, false, 254);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BfdSessionConfig.singleHop(profile));
    assertTrue(e.getMessage().contains("BFDProfile fast") && e.getMessage().contains("echoMode"), e.getMessage());
    var plain = new io.baremetallb.config.BfdProfile("fast", 100, 200, 3, 50, false, true, 254);
    assertEquals(new BfdSessionConfig(200_000, 100_000, 3, true, 255), BfdSessionConfig.singleHop(plain));
  }
}
