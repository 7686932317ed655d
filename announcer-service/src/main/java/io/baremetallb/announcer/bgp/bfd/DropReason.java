package io.baremetallb.announcer.bgp.bfd;

/** Why a received datagram did not reach a session's state machine (RFC 5880 §6.8.6, RFC 5881 §5). */
public enum DropReason {
  /** The packet broke a rule of §6.8.6 that needs only the packet (see {@link BfdDecodeException#field()}). */
  MALFORMED,
  /** RFC 5881 §5: TTL or hop limit below 255 (or the session's minimum). */
  TTL_TOO_LOW,
  /** Your Discriminator names no session of ours. */
  UNKNOWN_DISCRIMINATOR,
  /** Your Discriminator is zero, the state is Init or Up. */
  ZERO_DISCRIMINATOR_NOT_DOWN,
  /** Your Discriminator is zero and no session is configured for the source address. */
  UNKNOWN_PEER,
  /** The packet came from another address than the session's peer. */
  WRONG_SOURCE,
  /** The A bit is set, and we use no authentication. */
  AUTHENTICATION_NOT_IN_USE,
  /** Our session is AdminDown: packets are discarded. */
  SESSION_ADMIN_DOWN
}
