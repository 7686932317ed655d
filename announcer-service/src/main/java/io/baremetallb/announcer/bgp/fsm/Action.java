package io.baremetallb.announcer.bgp.fsm;

import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.BgpMessage;
import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Notification;

/** What the FSM asks its driver to do; the FSM itself never touches a socket. */
public sealed interface Action {
  /** Open a TCP connection to the peer. */
  record Connect() implements Action {
  }

  record CloseConnection() implements Action {
  }

  record Send(BgpMessage message) implements Action {
  }

  /** The session reached Established; start sending the Adj-RIB-Out. */
  record SessionUp(Negotiated session) implements Action {
  }

  /** The session left Established. */
  record SessionDown(DownReason reason) implements Action {
  }

  /** The peer asked for our routes of one family again (ROUTE-REFRESH). */
  record ResendRoutes(AfiSafi family) implements Action {
  }

  static Action send(BgpMessage m) {
    return new Send(m);
  }

  static Action notification(ErrorCode code, int subcode) {
    return new Send(Notification.of(code, subcode));
  }
}
