package io.baremetallb.announcer.bgp.fsm;

import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Notification;
import io.baremetallb.announcer.bgp.wire.Open;
import java.util.Arrays;
import java.util.Optional;

/** The semantic checks of a peer's OPEN (RFC 4271 §6.2, RFC 6286 §2.2); the codec checked the format. */
final class OpenCheck {
  private OpenCheck() {
  }

  static Optional<Notification> check(SessionConfig config, Open peer) {
    boolean asAccepted = config.peerAs() == SessionConfig.ANY_EXTERNAL_AS
        ? peer.asNumber() != config.localAs() // BGPPeer dynamicASN: external, whichever number it is
        : peer.asNumber() == config.peerAs();
    if (!asAccepted) {
      byte[] as = {(byte) (peer.myAs() >> 8), (byte) peer.myAs()};
      return Optional.of(new Notification(ErrorCode.OPEN_MESSAGE.byteValue(), ErrorCode.BAD_PEER_AS, as));
    }
    if (peer.holdTime() == 1 || peer.holdTime() == 2) {
      return Optional.of(Notification.of(ErrorCode.OPEN_MESSAGE, ErrorCode.UNACCEPTABLE_HOLD_TIME));
    }
    byte[] id = peer.bgpIdentifier().getAddress();
    boolean zero = Arrays.equals(id, new byte[4]);
    boolean sameAsOurs = Arrays.equals(id, config.routerId().getAddress());
    if (zero || (config.internal() && sameAsOurs)) {
      return Optional.of(Notification.of(ErrorCode.OPEN_MESSAGE, ErrorCode.BAD_BGP_IDENTIFIER));
    }
    return Optional.empty();
  }
}
