package io.baremetallb.announcer.bgp.fsm;

import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.Capability;
import io.baremetallb.announcer.bgp.wire.Open;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One peering as the FSM sees it. {@code gracefulRestart} empty means the capability is not
 * offered at all: see docs/bgp.md for why that is our default (stale routes after a crash).
 *
 * @param holdTimeSeconds proposed hold time, 0 or at least 3 (RFC 4271 §4.2)
 * @param idleHoldInitial first delay before an automatic restart; doubles on every failure
 * @param idleHoldMax the cap of that doubling
 * @param stableAfter a session up this long resets the doubling
 */
public record SessionConfig(long localAs, long peerAs, Inet4Address routerId, int holdTimeSeconds,
    Duration connectRetry, Duration idleHoldInitial, Duration idleHoldMax, Duration stableAfter,
    boolean passive, Set<AfiSafi> families, Optional<Duration> gracefulRestart) {
  /** {@code peerAs} meaning "any AS but ours" (a BGPPeer's {@code dynamicASN: external}). */
  public static final long ANY_EXTERNAL_AS = -1;

  /** RFC 4271 §8.2.2: a large hold time while waiting for OPEN ("4 minutes is suggested"). */
  public static final Duration OPEN_SENT_HOLD = Duration.ofMinutes(4);

  public SessionConfig {
    if (holdTimeSeconds != 0 && (holdTimeSeconds < 3 || holdTimeSeconds > 0xffff)) {
      throw new IllegalArgumentException("hold time must be 0 or 3..65535 seconds, got " + holdTimeSeconds);
    }
    if (families.isEmpty()) {
      throw new IllegalArgumentException("a session needs at least one address family");
    }
    families = Set.copyOf(families);
  }

  /** Defaults like BIRD's test timers in LAB-NOTES: connect retry 2 s, restarts after 1 s doubling to 120 s. */
  public static SessionConfig of(long localAs, long peerAs, Inet4Address routerId, int holdTimeSeconds) {
    return new SessionConfig(localAs, peerAs, routerId, holdTimeSeconds, Duration.ofSeconds(2), Duration.ofSeconds(1),
        Duration.ofSeconds(120), Duration.ofSeconds(60), false, Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST),
        Optional.empty());
  }

  public SessionConfig withPassive(boolean p) {
    return new SessionConfig(localAs, peerAs, routerId, holdTimeSeconds, connectRetry, idleHoldInitial, idleHoldMax,
        stableAfter, p, families, gracefulRestart);
  }

  public SessionConfig withGracefulRestart(Duration restartTime) {
    return new SessionConfig(localAs, peerAs, routerId, holdTimeSeconds, connectRetry, idleHoldInitial, idleHoldMax,
        stableAfter, passive, families, Optional.of(restartTime));
  }

  public boolean internal() {
    return localAs == peerAs;
  }

  /** The OPEN we send: our families, route refresh, 4-octet AS and, if chosen, graceful restart. */
  public Open localOpen() {
    List<Capability> caps = new ArrayList<>();
    families.stream().sorted((a, b) -> a.afi() != b.afi() ? a.afi() - b.afi() : a.safi() - b.safi())
        .forEach(f -> caps.add(new Capability.MultiProtocol(f)));
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.FourOctetAs(localAs));
    gracefulRestart.ifPresent(t -> caps.add(new Capability.GracefulRestart(false, false, (int) Math.min(0xfff, t.toSeconds()),
        List.of())));
    return Open.of(localAs, holdTimeSeconds, routerId, caps);
  }
}
