package io.baremetallb.announcer.bgp.fsm;

import io.baremetallb.announcer.bgp.wire.BgpDecodeException;
import io.baremetallb.announcer.bgp.wire.BgpMessage;
import io.baremetallb.announcer.bgp.wire.Notification;
import io.baremetallb.announcer.bgp.wire.Open;
import io.baremetallb.announcer.bgp.wire.RouteRefresh;
import io.baremetallb.announcer.bgp.wire.Update;

/** Inputs of the FSM, named after RFC 4271 §8.1 (event numbers in the comments). */
public sealed interface SessionEvent {
  /** The event a decoded message from the peer stands for. */
  static SessionEvent of(BgpMessage m) {
    if (m instanceof Open o) {
      return new OpenReceived(o);
    } else if (m instanceof Update u) {
      return new UpdateReceived(u);
    } else if (m instanceof Notification n) {
      return new NotificationReceived(n);
    } else if (m instanceof RouteRefresh rr) {
      return new RouteRefreshReceived(rr);
    }
    return new KeepaliveReceived();
  }

  /** ManualStart (1) or ManualStart_with_PassiveTcpEstablishment (4), per the session's config. */
  record ManualStart() implements SessionEvent {
  }

  /** ManualStop (2). */
  record ManualStop() implements SessionEvent {
  }

  /** ConnectRetryTimer_Expires (9), HoldTimer_Expires (10), KeepaliveTimer_Expires (11), IdleHoldTimer_Expires (13). */
  record TimerExpired(Timer timer) implements SessionEvent {
  }

  /** Tcp_CR_Acked (16) for our connect, TcpConnectionConfirmed (17) for an accepted one. */
  record TcpConnected(boolean outgoing) implements SessionEvent {
  }

  /** TcpConnectionFails (18). */
  record TcpFailed() implements SessionEvent {
  }

  /** BGPOpen (19). */
  record OpenReceived(Open open) implements SessionEvent {
  }

  /** BGPHeaderErr (21), BGPOpenMsgErr (22), UpdateMsgErr (28): the decoder's NOTIFICATION to send. */
  record MessageError(BgpDecodeException error) implements SessionEvent {
  }

  /** OpenCollisionDump (23). */
  record CollisionDump() implements SessionEvent {
  }

  /** NotifMsgVerErr (24) and NotifMsg (25). */
  record NotificationReceived(Notification notification) implements SessionEvent {
  }

  /** KeepAliveMsg (26). */
  record KeepaliveReceived() implements SessionEvent {
  }

  /** UpdateMsg (27). */
  record UpdateReceived(Update update) implements SessionEvent {
  }

  /** ROUTE-REFRESH (RFC 2918 §4): the peer wants our Adj-RIB-Out again. */
  record RouteRefreshReceived(RouteRefresh request) implements SessionEvent {
  }
}
