package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.fsm.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BfdSessionTest {
  static final BfdSessionConfig FAST = new BfdSessionConfig(100_000, 100_000, 3, false, 255);
  static final int OURS = 0x1111;
  static final int THEIRS = 0x2222;

  /** Jitter that keeps a fixed share of the interval, so schedules are exact. */
  static final class FixedJitter implements RandomGenerator {
    double fraction;

    FixedJitter(double fraction) {
      this.fraction = fraction;
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("the session asks only for nextDouble(origin, bound)");
    }

    @Override
    public double nextDouble(double origin, double bound) {
      return origin + fraction * (bound - origin);
    }
  }

  final FakeClock clock = new FakeClock();
  final FixedJitter jitter = new FixedJitter(1.0);

  BfdSession session(BfdSessionConfig config) {
    return new BfdSession(config, OURS, clock, jitter);
  }

  /** A packet from the peer: its state, its flags, 100 ms timers. */
  static ControlPacket from(BfdState state, int yourDisc, boolean poll, boolean fin) {
    return new ControlPacket(Diagnostic.NONE, state, poll, fin, false, false, 3, THEIRS, yourDisc,
        100_000, 100_000, 0, Optional.empty());
  }

  static ControlPacket from(BfdState state) {
    return from(state, OURS, false, false);
  }

  static List<ControlPacket> sent(List<BfdAction> actions) {
    return actions.stream().filter(BfdAction.Send.class::isInstance).map(a -> ((BfdAction.Send) a).packet()).toList();
  }

  BfdSession up() {
    BfdSession s = session(FAST);
    s.receive(from(BfdState.DOWN, 0, false, false));
    s.receive(from(BfdState.UP));
    assertEquals(BfdState.UP, s.state());
    s.receive(from(BfdState.UP, OURS, false, true)); // the Final to our Poll for the 100 ms rate
    return s;
  }

  // RFC 5880 §6.8.6, the table at "If bfd.SessionState is ..."
  @ParameterizedTest(name = "{0} receives {1} -> {2}")
  @CsvSource({
      "DOWN, ADMIN_DOWN, DOWN, NONE",
      "DOWN, DOWN,       INIT, NONE",
      "DOWN, INIT,       UP,   NONE",
      "DOWN, UP,         DOWN, NONE",
      "INIT, ADMIN_DOWN, DOWN, NEIGHBOR_SIGNALED_SESSION_DOWN",
      "INIT, DOWN,       INIT, NONE",
      "INIT, INIT,       UP,   NONE",
      "INIT, UP,         UP,   NONE",
      "UP,   ADMIN_DOWN, DOWN, NEIGHBOR_SIGNALED_SESSION_DOWN",
      "UP,   DOWN,       DOWN, NEIGHBOR_SIGNALED_SESSION_DOWN",
      "UP,   INIT,       UP,   NONE",
      "UP,   UP,         UP,   NONE"})
  void receptionTable(BfdState ours, BfdState received, BfdState next, Diagnostic diag) {
    BfdSession s = session(FAST);
    if (ours != BfdState.DOWN) {
      s.receive(from(BfdState.DOWN, 0, false, false));
    }
    if (ours == BfdState.UP) {
      s.receive(from(BfdState.INIT));
    }
    assertEquals(ours, s.state());
    s.receive(from(received));
    assertEquals(next, s.state());
    assertEquals(diag, s.localDiag());
  }

  @Test
  void twoSessionsReachUpByTheThreeWayHandshake() {
    BfdSession a = session(FAST);
    BfdSession b = new BfdSession(FAST, THEIRS, clock, jitter);
    ControlPacket fromA = sent(a.fireDueTimers()).get(0);
    assertEquals(List.of(new BfdAction.StateChange(BfdState.DOWN, BfdState.INIT, Diagnostic.NONE)), b.receive(fromA));
    ControlPacket fromB = b.packet(false);
    assertEquals(BfdState.INIT, fromB.state());
    assertEquals(List.of(new BfdAction.StateChange(BfdState.DOWN, BfdState.UP, Diagnostic.NONE)), a.receive(fromB));
    b.receive(a.packet(false));
    assertEquals(BfdState.UP, b.state());
  }

  @Test
  void sendsAtOneSecondUntilUp() {
    BfdSession s = session(FAST);
    ControlPacket first = sent(s.fireDueTimers()).get(0);
    assertEquals(BfdState.DOWN, first.state());
    assertEquals(1_000_000, first.desiredMinTx(), "§6.8.3: at least 1 s while not Up");
    assertEquals(100_000, first.requiredMinRx());
    assertEquals(0, first.yourDiscriminator());
    assertEquals(Optional.of(clock.instant().plusSeconds(1)), s.nextDeadline());
    clock.advance(Duration.ofMillis(999));
    assertEquals(List.of(), s.fireDueTimers());
  }

  @Test
  void goingUpPollsForTheFastRateAndTheFinalEndsThePoll() {
    BfdSession s = session(FAST);
    s.receive(from(BfdState.DOWN, 0, false, false));
    s.receive(from(BfdState.UP));
    assertTrue(s.polling());
    ControlPacket p = s.packet(false);
    assertTrue(p.poll());
    assertEquals(100_000, p.desiredMinTx());
    assertEquals(Duration.ofMillis(100), s.transmitInterval(), "a faster rate acts before the Final");
    s.receive(from(BfdState.UP, OURS, false, true));
    assertFalse(s.polling());
    assertFalse(s.packet(false).poll());
  }

  @Test
  void answersAPollAtOnceWithFinalAndNoPoll() {
    BfdSession s = session(FAST);
    s.receive(from(BfdState.DOWN, 0, false, false));
    s.receive(from(BfdState.UP));
    List<ControlPacket> replies = sent(s.receive(from(BfdState.UP, OURS, true, false)));
    assertEquals(1, replies.size());
    assertTrue(replies.get(0).fin());
    assertFalse(replies.get(0).poll(), "§6.5: never Poll and Final together, even while our own Poll runs");
  }

  @Test
  void detectionTimeIsRemoteMultiplierTimesAgreedInterval() {
    BfdSession s = up();
    assertEquals(Duration.ofMillis(300), s.detectionTime());
    clock.advance(Duration.ofMillis(299));
    s.fireDueTimers();
    assertEquals(BfdState.UP, s.state());
    clock.advance(Duration.ofMillis(1));
    List<BfdAction> actions = s.fireDueTimers();
    assertTrue(actions.contains(new BfdAction.StateChange(BfdState.UP, BfdState.DOWN,
        Diagnostic.CONTROL_DETECTION_TIME_EXPIRED)), actions.toString());
    assertEquals(0, s.remoteDiscriminator(), "§6.8.1: zeroed after a detection time of silence");
    ControlPacket next = s.packet(false);
    assertEquals(1_000_000, next.desiredMinTx(), "back to the slow rate once Down");
    assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, next.diag());
  }

  @Test
  void detectionTimeUsesTheSlowerOfOurRxAndTheirTx() {
    BfdSession s = session(FAST);
    s.receive(new ControlPacket(Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 5, THEIRS, 0,
        1_000_000, 100_000, 0, Optional.empty()));
    assertEquals(Duration.ofSeconds(5), s.detectionTime());
  }

  @Test
  void eachPacketRestartsDetection() {
    BfdSession s = up();
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMillis(250));
      s.receive(from(BfdState.UP));
      s.fireDueTimers();
    }
    assertEquals(BfdState.UP, s.state());
  }

  /** Moves the clock to each deadline in turn until a packet goes out; when it went. */
  Instant nextSend(BfdSession s) {
    while (true) {
      clock.advance(Duration.between(clock.instant(), s.nextDeadline().orElseThrow()));
      if (!sent(s.fireDueTimers()).isEmpty()) {
        return clock.instant();
      }
    }
  }

  @ParameterizedTest(name = "jitter draw {0} keeps {1} ms of 100")
  @CsvSource({"0.0, 75", "0.5, 87", "1.0, 100"})
  void jitterKeepsSeventyFiveToHundredPercent(double draw, long ms) {
    BfdSession s = up();
    jitter.fraction = draw;
    Instant first = nextSend(s);
    s.receive(from(BfdState.UP)); // keep detection away
    assertEquals(ms, Duration.between(first, nextSend(s)).toMillis());
  }

  @Test
  void detectMultOneJittersBetweenSeventyFiveAndNinetyPercent() {
    BfdSessionConfig one = new BfdSessionConfig(100_000, 100_000, 1, false, 255);
    for (double f : new double[] {0.0, 1.0}) {
      BfdSession s = new BfdSession(one, OURS, clock, new FixedJitter(f));
      s.receive(from(BfdState.INIT, 0, false, false));
      s.receive(from(BfdState.UP, OURS, false, true));
      Instant t0 = clock.instant();
      s.fireDueTimers();
      s.fireDueTimers();
      long ms = Duration.between(t0, s.nextDeadline().orElseThrow()).toMillis();
      assertEquals(f == 0.0 ? 75 : 90, ms);
    }
  }

  @Test
  void passiveSessionSpeaksOnlyAfterHearingThePeer() {
    BfdSession s = session(new BfdSessionConfig(100_000, 100_000, 3, true, 255));
    assertEquals(Optional.empty(), s.nextDeadline());
    assertEquals(List.of(), s.fireDueTimers());
    s.receive(from(BfdState.DOWN, 0, false, false));
    assertEquals(BfdState.INIT, sent(s.fireDueTimers()).get(0).state());
  }

  @Test
  void peerAskingForNoPacketsGetsNone() {
    BfdSession s = session(FAST);
    s.fireDueTimers();
    s.receive(new ControlPacket(Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, THEIRS, 0,
        1_000_000, 0, 0, Optional.empty()));
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of(), sent(s.fireDueTimers()));
  }

  @Test
  void remoteDemandModeStopsPeriodicPacketsWhileBothAreUp() {
    BfdSession s = up();
    s.receive(new ControlPacket(Diagnostic.NONE, BfdState.UP, false, false, false, true, 3, THEIRS, OURS,
        100_000, 100_000, 0, Optional.empty()));
    clock.advance(Duration.ofMillis(200));
    assertEquals(List.of(), sent(s.fireDueTimers()));
  }

  @Test
  void adminDownTellsThePeerAndDiscardsWhatComesIn() {
    BfdSession s = up();
    List<BfdAction> actions = s.adminDown();
    assertEquals(new BfdAction.StateChange(BfdState.UP, BfdState.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN), actions.get(0));
    ControlPacket told = sent(actions).get(0);
    assertEquals(BfdState.ADMIN_DOWN, told.state());
    assertEquals(Diagnostic.ADMINISTRATIVELY_DOWN, told.diag());
    assertEquals(List.of(new BfdAction.Discard(DropReason.SESSION_ADMIN_DOWN)), s.receive(from(BfdState.UP)));
    clock.advance(Duration.ofSeconds(5));
    s.fireDueTimers();
    assertEquals(BfdState.ADMIN_DOWN, s.state(), "no detection timeout while AdminDown");
    s.adminUp();
    assertEquals(BfdState.DOWN, s.state());
    assertEquals(Diagnostic.NONE, s.localDiag());
  }

  @Test
  void authenticatedPacketIsDiscardedWithoutAuthConfigured() {
    BfdSession s = session(FAST);
    ControlPacket signed = new ControlPacket(Diagnostic.NONE, BfdState.DOWN, false, false, false, false, 3, THEIRS, 0,
        100_000, 100_000, 0, Optional.of(new Authentication(Authentication.AuthType.SIMPLE_PASSWORD, 1, 0, new byte[] {1})));
    assertEquals(List.of(new BfdAction.Discard(DropReason.AUTHENTICATION_NOT_IN_USE)), s.receive(signed));
    assertEquals(BfdState.DOWN, s.state());
    assertEquals(0, s.remoteDiscriminator());
  }

  @Test
  void slowerTimersWhileUpWaitForTheFinal() {
    BfdSession s = up();
    s.reconfigure(new BfdSessionConfig(300_000, 50_000, 3, false, 255));
    assertTrue(s.packet(false).poll());
    assertEquals(300_000, s.packet(false).desiredMinTx());
    assertEquals(Duration.ofMillis(100), s.transmitInterval(), "an increased TX waits for the Final (§6.8.3)");
    assertEquals(Duration.ofMillis(300), s.detectionTime(), "a reduced RX still detects on the old value");
    s.receive(from(BfdState.UP, OURS, false, true));
    assertEquals(Duration.ofMillis(300), s.transmitInterval());
    assertEquals(Duration.ofMillis(300), s.detectionTime(), "3 × max(50 ms, their 100 ms)");
    assertFalse(s.polling());
  }
}
