package io.baremetallb.announcer.bgp.fsm;

/** The states of RFC 4271 §8.2.2. */
public enum SessionState {
  IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
}
