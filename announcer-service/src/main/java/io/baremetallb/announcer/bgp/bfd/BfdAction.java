package io.baremetallb.announcer.bgp.bfd;

/** What a {@link BfdSession} asks its driver to do; the session itself never touches a socket. */
public sealed interface BfdAction {
  /** Send this packet to the peer now. */
  record Send(ControlPacket packet) implements BfdAction {
  }

  /** bfd.SessionState changed; {@code diag} is the new bfd.LocalDiag. */
  record StateChange(BfdState from, BfdState to, Diagnostic diag) implements BfdAction {
  }

  /** The received packet was discarded. */
  record Discard(DropReason reason) implements BfdAction {
  }
}
