package io.baremetallb.announcer.bgp.speaker;

import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.config.BgpPeer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a BGPPeer into what its driver needs (pure). Returns the settings or a problem that names
 * the peer and the field, never half a session.
 */
public final class PeerSettings {
  /** RFC 4724 restart time we offer when a peer sets {@code enableGracefulRestart} (FRR's default). */
  public static final Duration GRACEFUL_RESTART_TIME = Duration.ofSeconds(120);

  private PeerSettings() {
  }

  /** Either a driver configuration or why there is none. */
  public sealed interface Result permits Ok, Problem {
  }

  public record Ok(PeerConfig config) implements Result {
  }

  public record Problem(String peer, String message) implements Result {
  }

  /**
   * @param passwords the {@code password} key of each Secret a peer's {@code passwordSecret} names,
   *     by {@code namespace/name}; a missing entry is a problem for that peer only
   * @param gracefulShutdownWait how long routes carry GRACEFUL_SHUTDOWN before the withdrawal on stop
   */
  public static Result of(BgpPeer peer, LocalNode node, Map<String, String> passwords, Duration gracefulShutdownWait) {
    if (!peer.vrf().isEmpty()) {
      return new Problem(peer.name(), "BGPPeer " + peer.name() + ": vrf " + peer.vrf()
          + " is not supported by this speaker; peer from the default VRF");
    }
    String password = peer.password();
    if (peer.passwordSecret().isPresent()) {
      String key = secretKey(peer.passwordSecret().get());
      if (!passwords.containsKey(key)) {
        return new Problem(peer.name(), "BGPPeer " + peer.name() + ": passwordSecret " + key
            + " not found or has no key \"password\"");
      }
      password = passwords.get(key);
    }
    Inet4Address routerId = node.ipv4();
    if (peer.routerId().isPresent()) {
      routerId = (Inet4Address) peer.routerId().get().toInetAddress();
    }
    long holdSeconds = peer.holdTime().toSeconds();
    if (holdSeconds != 0 && holdSeconds < 3) {
      return new Problem(peer.name(), "BGPPeer " + peer.name() + ": holdTime must be 0 or at least 3s, got " + holdSeconds + "s");
    }
    // dynamicASN: internal is our own number; external accepts any other (checked on the peer's OPEN)
    long peerAs = peer.peerAsn().isPresent() ? peer.peerAsn().getAsLong()
        : peer.dynamicAsn().orElse(BgpPeer.DynamicAsn.EXTERNAL) == BgpPeer.DynamicAsn.INTERNAL ? peer.myAsn()
        : SessionConfig.ANY_EXTERNAL_AS;
    SessionConfig defaults = SessionConfig.of(peer.myAsn(), peerAs, routerId, (int) holdSeconds);
    SessionConfig session = new SessionConfig(defaults.localAs(), defaults.peerAs(), routerId, (int) holdSeconds,
        peer.connectTime().orElse(defaults.connectRetry()), defaults.idleHoldInitial(), defaults.idleHoldMax(),
        defaults.stableAfter(), false, defaults.families(),
        peer.enableGracefulRestart() ? Optional.of(GRACEFUL_RESTART_TIME) : Optional.empty());
    InetAddress source = peer.sourceAddress().map(a -> a.toInetAddress()).orElse(null);
    int ttl = session.internal() ? 0 : peer.ebgpMultiHop() ? PeerConfig.MULTIHOP_TTL : 1;
    try {
      return new Ok(new PeerConfig(session, new InetSocketAddress(peer.peerAddress().toInetAddress(), peer.peerPort()),
          Optional.ofNullable(source), node.ipv6().map(a -> (InetAddress) a), gracefulShutdownWait, password, ttl));
    } catch (IllegalArgumentException e) {
      return new Problem(peer.name(), "BGPPeer " + peer.name() + ": " + e.getMessage());
    }
  }

  /**
   * The key of a {@code passwordSecret} in the passwords map: {@code namespace/name} as written in
   * the BGPPeer ({@code /name} when it names no namespace: the announcers' own).
   */
  public static String secretKey(BgpPeer.SecretRef ref) {
    return ref.namespace() + "/" + ref.name();
  }

  /** MetalLB's metric label for a peer: {@code address:port}, IPv6 in brackets. */
  public static String label(BgpPeer peer) {
    String host = peer.peerAddress().toString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + peer.peerPort();
  }
}
