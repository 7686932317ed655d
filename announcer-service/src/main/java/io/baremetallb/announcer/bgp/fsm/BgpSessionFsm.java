package io.baremetallb.announcer.bgp.fsm;

import static io.baremetallb.announcer.bgp.fsm.Action.notification;
import static io.baremetallb.announcer.bgp.fsm.Action.send;

import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Keepalive;
import io.baremetallb.announcer.bgp.wire.Notification;
import io.baremetallb.announcer.bgp.wire.Open;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BGP session state machine of RFC 4271 §8, one per peer. It takes {@link SessionEvent}s and
 * returns {@link Action}s; time comes from an {@link InstantSource} and timers are deadlines
 * ({@link #nextDeadline()}, {@link #fireDueTimers()}). No sockets, no threads, no sleeps.
 */
public final class BgpSessionFsm {
  private static final System.Logger LOG = System.getLogger(BgpSessionFsm.class.getName());

  private final SessionConfig config;
  private final InstantSource clock;
  private final Timers timers = new Timers();
  private final String peerName;
  private SessionState state = SessionState.IDLE;
  private boolean started;
  private Duration idleHold;
  private Instant establishedAt;
  private Negotiated negotiated;

  public BgpSessionFsm(SessionConfig config, InstantSource clock, String peerName) {
    this.config = config;
    this.clock = clock;
    this.peerName = peerName;
    this.idleHold = config.idleHoldInitial();
  }

  public SessionState state() {
    return state;
  }

  /** The current delay before an automatic restart (doubles on each failure, RFC 4271 §8.1.1 damping). */
  public Duration idleHold() {
    return idleHold;
  }

  public Optional<Negotiated> negotiated() {
    return Optional.ofNullable(negotiated);
  }

  public Timers timers() {
    return timers;
  }

  public Optional<Instant> nextDeadline() {
    return timers.next();
  }

  /** Turns every due deadline into its TimerExpired event (OpenBGPD's timer_nextisdue loop). */
  public List<Action> fireDueTimers() {
    List<Action> out = new ArrayList<>();
    Optional<Timer> due;
    while ((due = timers.takeDue(clock.instant())).isPresent()) {
      out.addAll(handle(new SessionEvent.TimerExpired(due.get())));
    }
    return out;
  }

  public List<Action> handle(SessionEvent e) {
    List<Action> out = new ArrayList<>();
    if (e instanceof SessionEvent.ManualStop) {
      stop(out);
      return out;
    }
    switch (state) {
      case IDLE -> onIdle(e, out);
      case CONNECT, ACTIVE -> onConnecting(e, out);
      case OPEN_SENT -> onOpenSent(e, out);
      case OPEN_CONFIRM -> onOpenConfirm(e, out);
      case ESTABLISHED -> onEstablished(e, out);
    }
    return out;
  }

  private void stop(List<Action> out) {
    started = false;
    if (state == SessionState.OPEN_SENT || state == SessionState.OPEN_CONFIRM || state == SessionState.ESTABLISHED) {
      out.add(notification(ErrorCode.CEASE, ErrorCode.ADMINISTRATIVE_SHUTDOWN)); // RFC 4486 §4
    }
    if (state != SessionState.IDLE) {
      enter(SessionState.IDLE, DownReason.ADMIN_STOP, out);
    }
    idleHold = config.idleHoldInitial();
  }

  private void onIdle(SessionEvent e, List<Action> out) {
    boolean autoStart = e instanceof SessionEvent.TimerExpired t && t.timer() == Timer.IDLE_HOLD;
    if (e instanceof SessionEvent.ManualStart || autoStart && started) {
      started = true;
      if (config.passive()) {
        timers.start(Timer.CONNECT_RETRY, clock.instant(), config.connectRetry());
        enter(SessionState.ACTIVE, null, out);
      } else {
        connect(out);
      }
    }
    // RFC 4271 §8.2.2 Idle: every other event is ignored.
  }

  private void connect(List<Action> out) {
    timers.start(Timer.CONNECT_RETRY, clock.instant(), config.connectRetry());
    out.add(new Action.Connect());
    enter(SessionState.CONNECT, null, out);
  }

  private void onConnecting(SessionEvent e, List<Action> out) {
    if (e instanceof SessionEvent.TimerExpired t && t.timer() == Timer.CONNECT_RETRY) {
      if (state == SessionState.CONNECT) {
        out.add(new Action.CloseConnection()); // drop the attempt that did not finish
      }
      connect(out);
    } else if (e instanceof SessionEvent.TcpConnected) {
      timers.stop(Timer.CONNECT_RETRY);
      out.add(send(config.localOpen()));
      timers.start(Timer.HOLD, clock.instant(), SessionConfig.OPEN_SENT_HOLD);
      enter(SessionState.OPEN_SENT, null, out);
    } else if (e instanceof SessionEvent.TcpFailed && state == SessionState.CONNECT) {
      timers.start(Timer.CONNECT_RETRY, clock.instant(), config.connectRetry());
      enter(SessionState.ACTIVE, null, out); // wait for the peer to connect, or for ConnectRetry
    } else if (!(e instanceof SessionEvent.ManualStart)) {
      enter(SessionState.IDLE, e instanceof SessionEvent.TcpFailed ? DownReason.CONNECTION_FAILED : DownReason.FSM_ERROR, out);
    }
  }

  private void onOpenSent(SessionEvent e, List<Action> out) {
    if (e instanceof SessionEvent.OpenReceived o) {
      Optional<Notification> refusal = OpenCheck.check(config, o.open());
      if (refusal.isPresent()) {
        out.add(send(refusal.get()));
        enter(SessionState.IDLE, DownReason.OPEN_REJECTED, out);
        return;
      }
      negotiated = Negotiated.of(config.localOpen(), o.open());
      out.add(send(Keepalive.INSTANCE));
      startHoldAndKeepalive();
      enter(SessionState.OPEN_CONFIRM, null, out);
    } else if (e instanceof SessionEvent.TcpFailed) {
      out.add(new Action.CloseConnection());
      timers.stop(Timer.HOLD);
      timers.start(Timer.CONNECT_RETRY, clock.instant(), config.connectRetry());
      enter(SessionState.ACTIVE, null, out); // RFC 4271 §8.2.2 OpenSent, TcpConnectionFails
    } else {
      common(e, ErrorCode.UNEXPECTED_IN_OPEN_SENT, out);
    }
  }

  private void onOpenConfirm(SessionEvent e, List<Action> out) {
    if (e instanceof SessionEvent.KeepaliveReceived) {
      restartHold();
      enter(SessionState.ESTABLISHED, null, out);
    } else {
      common(e, ErrorCode.UNEXPECTED_IN_OPEN_CONFIRM, out);
    }
  }

  private void onEstablished(SessionEvent e, List<Action> out) {
    if (e instanceof SessionEvent.KeepaliveReceived || e instanceof SessionEvent.UpdateReceived) {
      restartHold();
    } else if (e instanceof SessionEvent.RouteRefreshReceived r) {
      restartHold();
      out.add(new Action.ResendRoutes(r.request().family()));
    } else {
      common(e, ErrorCode.UNEXPECTED_IN_ESTABLISHED, out);
    }
  }

  /** The rows OpenSent, OpenConfirm and Established share (RFC 4271 §8.2.2), with OpenBGPD's default arm. */
  private void common(SessionEvent e, int unexpectedSubcode, List<Action> out) {
    if (e instanceof SessionEvent.TimerExpired t && t.timer() == Timer.KEEPALIVE && state != SessionState.OPEN_SENT) {
      out.add(send(Keepalive.INSTANCE));
      timers.start(Timer.KEEPALIVE, clock.instant(), negotiated.keepalive());
    } else if (e instanceof SessionEvent.TimerExpired t && t.timer() == Timer.HOLD) {
      out.add(notification(ErrorCode.HOLD_TIMER_EXPIRED, 0));
      enter(SessionState.IDLE, DownReason.HOLD_TIMER_EXPIRED, out);
    } else if (e instanceof SessionEvent.TcpFailed) {
      enter(SessionState.IDLE, DownReason.CONNECTION_FAILED, out);
    } else if (e instanceof SessionEvent.NotificationReceived) {
      enter(SessionState.IDLE, DownReason.NOTIFICATION_RECEIVED, out);
    } else if (e instanceof SessionEvent.MessageError m) {
      out.add(send(m.error().toNotification()));
      enter(SessionState.IDLE, DownReason.BAD_MESSAGE_FROM_PEER, out);
    } else if (e instanceof SessionEvent.CollisionDump && state != SessionState.ESTABLISHED) {
      out.add(notification(ErrorCode.CEASE, ErrorCode.CONNECTION_COLLISION_RESOLUTION));
      enter(SessionState.IDLE, DownReason.CONNECTION_COLLISION, out);
    } else if (!(e instanceof SessionEvent.ManualStart)) {
      out.add(notification(ErrorCode.FSM, unexpectedSubcode)); // RFC 6608
      enter(SessionState.IDLE, DownReason.FSM_ERROR, out);
    }
  }

  private void startHoldAndKeepalive() {
    if (negotiated.holdTimeSeconds() == 0) {
      timers.stop(Timer.HOLD); // RFC 4271 §4.2: hold time 0 means no keepalives and no hold timer
      return;
    }
    restartHold();
    timers.start(Timer.KEEPALIVE, clock.instant(), negotiated.keepalive());
  }

  private void restartHold() {
    if (negotiated.holdTimeSeconds() > 0) {
      timers.start(Timer.HOLD, clock.instant(), negotiated.holdTime());
    }
  }

  /**
   * The one place a state is entered (OpenBGPD's change_state). Entering Idle stops every timer,
   * closes the connection, reports SessionDown if the session was up, and, while started,
   * schedules the automatic restart after the idle hold time, which then doubles (damping).
   */
  private void enter(SessionState next, DownReason why, List<Action> out) {
    SessionState previous = state;
    state = next;
    if (next == SessionState.IDLE) {
      timers.stopAll();
      out.add(new Action.CloseConnection());
      if (previous == SessionState.ESTABLISHED) {
        out.add(new Action.SessionDown(why));
        if (Duration.between(establishedAt, clock.instant()).compareTo(config.stableAfter()) >= 0) {
          idleHold = config.idleHoldInitial(); // it was stable: forget earlier flaps
        }
      }
      negotiated = previous == SessionState.ESTABLISHED || previous == SessionState.OPEN_CONFIRM ? null : negotiated;
      if (started) {
        timers.start(Timer.IDLE_HOLD, clock.instant(), idleHold);
        Duration doubled = idleHold.multipliedBy(2);
        idleHold = doubled.compareTo(config.idleHoldMax()) > 0 ? config.idleHoldMax() : doubled;
      }
    } else if (next == SessionState.ESTABLISHED) {
      establishedAt = clock.instant();
      out.add(new Action.SessionUp(negotiated));
    }
    Level level = next == SessionState.ESTABLISHED || previous == SessionState.ESTABLISHED ? Level.INFO : Level.DEBUG;
    LOG.log(level, "event=bgpState peer={0} from={1} to={2} reason={3}", peerName, previous, next, why);
  }

  /** The OPEN we send, for the driver's logs and tests. */
  public Open localOpen() {
    return config.localOpen();
  }
}
