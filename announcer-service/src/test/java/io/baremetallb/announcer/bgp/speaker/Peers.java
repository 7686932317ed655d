package io.baremetallb.announcer.bgp.speaker;

import io.baremetallb.config.BgpPeer;
import io.baremetallb.ip.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** BGPPeer records for tests: eBGP AS 64513 → 64512, hold 3 s, everything else unset. */
public final class Peers {
  private Peers() {
  }

  public static BgpPeer ebgp(String name, String address, int port) {
    return new BgpPeer(name, 64513, OptionalLong.of(64512), Optional.empty(), IpAddress.parse(address), Optional.empty(),
        port, Duration.ofSeconds(3), Duration.ofSeconds(1), Optional.empty(), Optional.empty(), List.of(), "",
        Optional.empty(), Optional.empty(), false, false, "", false);
  }

  public static BgpPeer withHoldTime(BgpPeer p, Duration hold) {
    return new BgpPeer(p.name(), p.myAsn(), p.peerAsn(), p.dynamicAsn(), p.peerAddress(), p.sourceAddress(), p.peerPort(),
        hold, p.keepaliveTime(), p.connectTime(), p.routerId(), p.nodeSelectors(), p.password(), p.passwordSecret(),
        p.bfdProfile(), p.ebgpMultiHop(), p.enableGracefulRestart(), p.vrf(), p.disableMp());
  }

  public static BgpPeer withBfd(BgpPeer p, String profile) {
    return new BgpPeer(p.name(), p.myAsn(), p.peerAsn(), p.dynamicAsn(), p.peerAddress(), p.sourceAddress(), p.peerPort(),
        p.holdTime(), p.keepaliveTime(), p.connectTime(), p.routerId(), p.nodeSelectors(), p.password(),
        p.passwordSecret(), Optional.of(profile), p.ebgpMultiHop(), p.enableGracefulRestart(), p.vrf(), p.disableMp());
  }

  public static BgpPeer with(BgpPeer p, long peerAsn, boolean multiHop, String password,
      Optional<BgpPeer.SecretRef> secret, Optional<IpAddress> routerId) {
    return new BgpPeer(p.name(), p.myAsn(), OptionalLong.of(peerAsn), p.dynamicAsn(), p.peerAddress(), p.sourceAddress(),
        p.peerPort(), p.holdTime(), p.keepaliveTime(), p.connectTime(), routerId, p.nodeSelectors(), password, secret,
        p.bfdProfile(), multiHop, p.enableGracefulRestart(), p.vrf(), p.disableMp());
  }
}
