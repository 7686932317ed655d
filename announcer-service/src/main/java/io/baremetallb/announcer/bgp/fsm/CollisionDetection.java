package io.baremetallb.announcer.bgp.fsm;

import java.net.Inet4Address;
import java.util.Arrays;

/** RFC 4271 §6.8: which of two connections to the same peer survives. */
public final class CollisionDetection {
  public enum Keep {
    /** Keep the connection we opened; close the one the peer opened. */
    OUTGOING,
    /** Keep the connection the peer opened; close ours. */
    INCOMING
  }

  private CollisionDetection() {
  }

  /**
   * "If the value of the local BGP Identifier is less than the remote one, close the connection
   * that was initiated by the local system" (identifiers compared as unsigned 32-bit integers).
   */
  public static Keep resolve(Inet4Address localId, Inet4Address remoteId) {
    return Arrays.compareUnsigned(localId.getAddress(), remoteId.getAddress()) < 0 ? Keep.INCOMING : Keep.OUTGOING;
  }

  /**
   * Whether a collision can be decided now: a connection in OpenConfirm always, or in OpenSent
   * once the other connection's OPEN has shown the peer's identifier (RFC 4271 §6.8). An
   * Established session always wins against a new connection.
   */
  public static boolean mustResolve(SessionState existing) {
    return existing == SessionState.OPEN_SENT || existing == SessionState.OPEN_CONFIRM;
  }
}
