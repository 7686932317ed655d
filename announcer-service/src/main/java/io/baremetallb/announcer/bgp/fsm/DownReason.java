package io.baremetallb.announcer.bgp.fsm;

/** Why a session left Established or a connection attempt ended (GoBGP's fsmStateReason, closed). */
public enum DownReason {
  ADMIN_STOP,
  HOLD_TIMER_EXPIRED,
  NOTIFICATION_RECEIVED,
  /** The peer sent a message we could not accept; we answered with NOTIFICATION. */
  BAD_MESSAGE_FROM_PEER,
  /** The peer's OPEN did not fit our configuration (AS, hold time, identifier). */
  OPEN_REJECTED,
  CONNECTION_FAILED,
  /** RFC 4271 §6.8: this connection lost the collision. */
  CONNECTION_COLLISION,
  /** An event that RFC 4271 §8 does not allow in the current state. */
  FSM_ERROR
}
