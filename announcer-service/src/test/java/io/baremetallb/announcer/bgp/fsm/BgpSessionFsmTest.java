package io.baremetallb.announcer.bgp.fsm;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static io.baremetallb.announcer.bgp.wire.Net.ip4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.BgpDecodeException;
import io.baremetallb.announcer.bgp.wire.Capability;
import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Keepalive;
import io.baremetallb.announcer.bgp.wire.Notification;
import io.baremetallb.announcer.bgp.wire.Open;
import io.baremetallb.announcer.bgp.wire.RouteRefresh;
import io.baremetallb.announcer.bgp.wire.Update;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BgpSessionFsmTest {
  static final Inet4Address US = ip4("192.0.2.11");
  static final Inet4Address ROUTER = ip4("192.0.2.1");
  static final SessionConfig CONFIG = SessionConfig.of(64513, 64512, US, 90);

  final FakeClock clock = new FakeClock();
  final BgpSessionFsm fsm = new BgpSessionFsm(CONFIG, clock, "router");

  static Open routerOpen(int holdTime) {
    return Open.of(64512, holdTime, ROUTER, List.of(new Capability.MultiProtocol(AfiSafi.IPV4_UNICAST),
        new Capability.FourOctetAs(64512)));
  }

  static Action send(Notification n) {
    return new Action.Send(n);
  }

  static Action notification(ErrorCode code, int subcode) {
    return send(Notification.of(code, subcode));
  }

  static final Action CLOSE = new Action.CloseConnection();

  void establish(int peerHold) {
    fsm.handle(new SessionEvent.ManualStart());
    fsm.handle(new SessionEvent.TcpConnected(true));
    fsm.handle(new SessionEvent.OpenReceived(routerOpen(peerHold)));
    fsm.handle(new SessionEvent.KeepaliveReceived());
  }

  @Test
  void manualStartConnectsAndArmsConnectRetry() {
    assertEquals(List.of(new Action.Connect()), fsm.handle(new SessionEvent.ManualStart()));
    assertEquals(SessionState.CONNECT, fsm.state());
    assertEquals(Optional.of(clock.instant().plus(ofSeconds(2))), fsm.nextDeadline());
  }

  @Test
  void passiveStartWaitsInActiveForThePeer() {
    BgpSessionFsm passive = new BgpSessionFsm(CONFIG.withPassive(true), clock, "router");
    assertEquals(List.of(), passive.handle(new SessionEvent.ManualStart()));
    assertEquals(SessionState.ACTIVE, passive.state());
    assertEquals(List.of(new Action.Send(CONFIG.localOpen())), passive.handle(new SessionEvent.TcpConnected(false)));
    assertEquals(SessionState.OPEN_SENT, passive.state());
  }

  @Test
  void connectRetryDropsTheAttemptAndTriesAgain() {
    fsm.handle(new SessionEvent.ManualStart());
    clock.advance(ofMillis(1999));
    assertEquals(List.of(), fsm.fireDueTimers());
    clock.advance(ofMillis(1));
    assertEquals(List.of(CLOSE, new Action.Connect()), fsm.fireDueTimers());
    assertEquals(SessionState.CONNECT, fsm.state());
  }

  @Test
  void failedConnectWaitsInActiveThenConnectsOnRetry() {
    fsm.handle(new SessionEvent.ManualStart());
    assertEquals(List.of(), fsm.handle(new SessionEvent.TcpFailed()));
    assertEquals(SessionState.ACTIVE, fsm.state());
    clock.advance(ofSeconds(2));
    assertEquals(List.of(new Action.Connect()), fsm.fireDueTimers());
  }

  @Test
  void connectedSendsOpenAndWaitsFourMinutesForTheAnswer() {
    fsm.handle(new SessionEvent.ManualStart());
    assertEquals(List.of(new Action.Send(CONFIG.localOpen())), fsm.handle(new SessionEvent.TcpConnected(true)));
    assertEquals(Optional.of(clock.instant().plus(ofMinutes(4))), fsm.timers().deadline(Timer.HOLD));
    assertFalse(fsm.timers().running(Timer.CONNECT_RETRY));
    clock.advance(ofMinutes(4));
    assertEquals(List.of(notification(ErrorCode.HOLD_TIMER_EXPIRED, 0), CLOSE), fsm.fireDueTimers());
    assertEquals(SessionState.IDLE, fsm.state());
  }

  @Test
  void openThenKeepaliveEstablishesWithTheSmallerHoldTime() {
    fsm.handle(new SessionEvent.ManualStart());
    fsm.handle(new SessionEvent.TcpConnected(true));
    assertEquals(List.of(new Action.Send(Keepalive.INSTANCE)), fsm.handle(new SessionEvent.OpenReceived(routerOpen(3))));
    assertEquals(SessionState.OPEN_CONFIRM, fsm.state());
    List<Action> up = fsm.handle(new SessionEvent.KeepaliveReceived());
    Negotiated n = assertInstanceOf(Action.SessionUp.class, up.get(0)).session();
    assertEquals(1, up.size());
    assertEquals(3, n.holdTimeSeconds());
    assertEquals(ofSeconds(1), n.keepalive());
    assertTrue(n.fourOctetAs());
    assertEquals(java.util.Set.of(AfiSafi.IPV4_UNICAST), n.families());
    assertEquals(SessionState.ESTABLISHED, fsm.state());
  }

  @Test
  void keepalivesGoOutEveryThirdOfTheHoldTimeAndHoldExpiryTearsDown() {
    establish(3);
    clock.advance(ofSeconds(1));
    assertEquals(List.of(new Action.Send(Keepalive.INSTANCE)), fsm.fireDueTimers());
    fsm.handle(new SessionEvent.KeepaliveReceived()); // hold restarts at t=1 s
    clock.advance(ofSeconds(1));
    assertEquals(List.of(new Action.Send(Keepalive.INSTANCE)), fsm.fireDueTimers());
    clock.advance(ofSeconds(2)); // t=4 s: keepalive due at 3, hold due at 4
    assertEquals(List.of(new Action.Send(Keepalive.INSTANCE), notification(ErrorCode.HOLD_TIMER_EXPIRED, 0), CLOSE,
        new Action.SessionDown(DownReason.HOLD_TIMER_EXPIRED)), fsm.fireDueTimers());
    assertEquals(SessionState.IDLE, fsm.state());
  }

  @Test
  void holdTimeZeroRunsNeitherHoldNorKeepalive() {
    establish(0);
    assertEquals(SessionState.ESTABLISHED, fsm.state());
    assertEquals(Optional.empty(), fsm.nextDeadline());
  }

  @Test
  void automaticRestartsBackOffByDoublingUpToTheCap() {
    fsm.handle(new SessionEvent.ManualStart());
    List<Duration> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      fsm.handle(new SessionEvent.TcpConnected(true));
      fsm.handle(new SessionEvent.NotificationReceived(Notification.cease(ErrorCode.CONNECTION_REJECTED)));
      waits.add(Duration.between(clock.instant(), fsm.timers().deadline(Timer.IDLE_HOLD).orElseThrow()));
      clock.advance(waits.get(i));
      assertEquals(List.of(new Action.Connect()), fsm.fireDueTimers());
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L), waits.stream().map(Duration::toSeconds).toList());
  }

  @Test
  void aSessionThatStayedUpResetsTheBackOff() {
    fsm.handle(new SessionEvent.ManualStart());
    for (int i = 0; i < 3; i++) { // three quick failures: next wait is 8 s
      fsm.handle(new SessionEvent.TcpConnected(true));
      fsm.handle(new SessionEvent.TcpFailed());
      fsm.handle(new SessionEvent.TcpFailed()); // Active -> Idle
      clock.advance(ofSeconds(10));
      fsm.fireDueTimers();
    }
    assertEquals(ofSeconds(8), fsm.idleHold());
    fsm.handle(new SessionEvent.TcpConnected(true));
    fsm.handle(new SessionEvent.OpenReceived(routerOpen(0)));
    fsm.handle(new SessionEvent.KeepaliveReceived());
    clock.advance(ofMinutes(5));
    fsm.handle(new SessionEvent.NotificationReceived(Notification.cease(ErrorCode.ADMINISTRATIVE_RESET)));
    assertEquals(Optional.of(clock.instant().plus(ofSeconds(1))), fsm.timers().deadline(Timer.IDLE_HOLD));
  }

  static Stream<Arguments> refusedOpens() {
    return Stream.of(
        Arguments.of("peer says AS 64999", Open.of(64999, 90, ROUTER, List.of(new Capability.FourOctetAs(64999))),
            new Notification(2, 2, new byte[] {(byte) 0xfd, (byte) 0xe7})),
        Arguments.of("hold time 2 (must be 0 or >= 3)", routerOpen(2), Notification.of(ErrorCode.OPEN_MESSAGE, 6)),
        Arguments.of("BGP identifier 0.0.0.0", Open.of(64512, 90, ip4("0.0.0.0"), List.of()), Notification.of(ErrorCode.OPEN_MESSAGE, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedOpens")
  void refusedOpenIsAnsweredWithOpenMessageError(String description, Open peer, Notification expected) {
    fsm.handle(new SessionEvent.ManualStart());
    fsm.handle(new SessionEvent.TcpConnected(true));
    assertEquals(List.of(send(expected), CLOSE), fsm.handle(new SessionEvent.OpenReceived(peer)));
    assertEquals(SessionState.IDLE, fsm.state());
  }

  @Test
  void iBgpPeerWithOurIdentifierIsRefused() {
    BgpSessionFsm ibgp = new BgpSessionFsm(SessionConfig.of(64512, 64512, ROUTER, 90), clock, "router");
    ibgp.handle(new SessionEvent.ManualStart());
    ibgp.handle(new SessionEvent.TcpConnected(true));
    assertEquals(List.of(notification(ErrorCode.OPEN_MESSAGE, 3), CLOSE), ibgp.handle(new SessionEvent.OpenReceived(routerOpen(90))));
  }

  static Stream<Arguments> unexpected() {
    SessionEvent update = new SessionEvent.UpdateReceived(Update.endOfRib(io.baremetallb.announcer.bgp.wire.Afi.IPV4));
    return Stream.of(
        Arguments.of("UPDATE before OPEN", 1, update, ErrorCode.UNEXPECTED_IN_OPEN_SENT),
        Arguments.of("KEEPALIVE before OPEN", 1, new SessionEvent.KeepaliveReceived(), ErrorCode.UNEXPECTED_IN_OPEN_SENT),
        Arguments.of("UPDATE before KEEPALIVE", 2, update, ErrorCode.UNEXPECTED_IN_OPEN_CONFIRM),
        Arguments.of("second OPEN in OpenConfirm", 2, new SessionEvent.OpenReceived(routerOpen(90)), ErrorCode.UNEXPECTED_IN_OPEN_CONFIRM),
        Arguments.of("OPEN in Established", 3, new SessionEvent.OpenReceived(routerOpen(90)), ErrorCode.UNEXPECTED_IN_ESTABLISHED),
        Arguments.of("collision dump in Established", 3, new SessionEvent.CollisionDump(), ErrorCode.UNEXPECTED_IN_ESTABLISHED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unexpected")
  void unexpectedMessageIsAnFsmError(String description, int steps, SessionEvent event, int subcode) {
    List<SessionEvent> path = List.of(new SessionEvent.ManualStart(), new SessionEvent.TcpConnected(true),
        new SessionEvent.OpenReceived(routerOpen(90)), new SessionEvent.KeepaliveReceived());
    path.subList(0, steps + 1).forEach(fsm::handle);
    List<Action> out = fsm.handle(event);
    assertEquals(notification(ErrorCode.FSM, subcode), out.get(0));
    assertEquals(CLOSE, out.get(1));
    assertEquals(SessionState.IDLE, fsm.state());
  }

  @Test
  void malformedMessageSendsTheDecodersNotification() {
    establish(90);
    BgpDecodeException bad = new BgpDecodeException(ErrorCode.UPDATE_MESSAGE, ErrorCode.MALFORMED_ATTRIBUTE_LIST, "test");
    assertEquals(List.of(notification(ErrorCode.UPDATE_MESSAGE, 1), CLOSE, new Action.SessionDown(DownReason.BAD_MESSAGE_FROM_PEER)),
        fsm.handle(new SessionEvent.MessageError(bad)));
  }

  @Test
  void manualStopSaysAdministrativeShutdownAndStaysDown() {
    establish(90);
    assertEquals(List.of(notification(ErrorCode.CEASE, ErrorCode.ADMINISTRATIVE_SHUTDOWN), CLOSE,
        new Action.SessionDown(DownReason.ADMIN_STOP)), fsm.handle(new SessionEvent.ManualStop()));
    assertEquals(Optional.empty(), fsm.nextDeadline());
    clock.advance(ofMinutes(10));
    assertEquals(List.of(), fsm.fireDueTimers());
  }

  @Test
  void lostCollisionCeasesTheConnection() {
    fsm.handle(new SessionEvent.ManualStart());
    fsm.handle(new SessionEvent.TcpConnected(true));
    fsm.handle(new SessionEvent.OpenReceived(routerOpen(90)));
    assertEquals(List.of(notification(ErrorCode.CEASE, ErrorCode.CONNECTION_COLLISION_RESOLUTION), CLOSE),
        fsm.handle(new SessionEvent.CollisionDump()));
  }

  @Test
  void routeRefreshAsksTheDriverToResend() {
    establish(90);
    assertEquals(List.of(new Action.ResendRoutes(AfiSafi.IPV6_UNICAST)),
        fsm.handle(new SessionEvent.RouteRefreshReceived(RouteRefresh.of(AfiSafi.IPV6_UNICAST))));
  }

  @Test
  void idleIgnoresEverythingButStart() {
    assertEquals(List.of(), fsm.handle(new SessionEvent.KeepaliveReceived()));
    assertEquals(List.of(), fsm.handle(new SessionEvent.TcpFailed()));
    assertEquals(SessionState.IDLE, fsm.state());
  }

  @Test
  void collisionKeepsTheConnectionOfTheHigherIdentifier() {
    assertEquals(CollisionDetection.Keep.INCOMING, CollisionDetection.resolve(ip4("192.0.2.11"), ip4("192.0.2.200")));
    assertEquals(CollisionDetection.Keep.OUTGOING, CollisionDetection.resolve(ip4("203.0.113.1"), ip4("192.0.2.200")));
    // unsigned comparison: 200.x is above 100.x even though the byte is negative in Java
    assertEquals(CollisionDetection.Keep.INCOMING, CollisionDetection.resolve(ip4("100.0.0.1"), ip4("200.0.0.1")));
  }

  @Test
  void localOpenOffersGracefulRestartOnlyWhenChosen() {
    assertTrue(CONFIG.localOpen().capability(Capability.GracefulRestart.class).isEmpty());
    Open withGr = CONFIG.withGracefulRestart(ofSeconds(30)).localOpen();
    assertEquals(30, withGr.capability(Capability.GracefulRestart.class).orElseThrow().restartTimeSeconds());
  }
}
