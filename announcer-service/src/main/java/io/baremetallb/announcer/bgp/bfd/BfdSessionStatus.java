package io.baremetallb.announcer.bgp.bfd;

import java.net.InetAddress;
import java.time.Duration;

/**
 * A snapshot of one session for listeners and metrics (MetalLB's {@code metallb_bfd_session_up},
 * {@code …_up_events}, {@code …_down_events}, {@code metallb_bfd_control_packet_input/output}).
 *
 * @param peer the peer's address
 * @param state bfd.SessionState
 * @param localDiag bfd.LocalDiag: why it last changed
 * @param remoteState the state the peer last reported
 * @param detectionTime how long the peer may stay silent before the session goes Down (§6.8.4)
 * @param upEvents transitions into Up
 * @param downEvents transitions out of Up (flaps)
 * @param packetsIn control packets accepted for this session
 * @param packetsOut control packets sent
 */
public record BfdSessionStatus(InetAddress peer, BfdState state, Diagnostic localDiag, BfdState remoteState,
    Duration detectionTime, long upEvents, long downEvents, long packetsIn, long packetsOut) {

  public boolean up() {
    return state == BfdState.UP;
  }

  /** RFC 5882 §3.2: the peer took the session down on purpose, not its forwarding path. */
  public boolean peerAdminDown() {
    return remoteState == BfdState.ADMIN_DOWN;
  }
}
