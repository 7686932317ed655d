package io.baremetallb.announcer.bgp.fsm;

/** The session timers of RFC 4271 §8 (IdleHold is the damping timer of §8.1.1, OpenBGPD's IdleHoldTime). */
public enum Timer {
  CONNECT_RETRY, HOLD, KEEPALIVE, IDLE_HOLD
}
