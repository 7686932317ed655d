package io.baremetallb.announcer.bgp.io;

import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A peer as the driver sees it.
 *
 * @param peer the router's address and port (179 unless the peer says otherwise)
 * @param sourceAddress local address to connect from (and to listen on when passive); also the IPv4 next hop
 * @param nextHopV6 our global IPv6 address on the link, the next hop of IPv6 routes
 * @param gracefulShutdownWait how long routes stay marked GRACEFUL_SHUTDOWN before they are withdrawn (RFC 8326)
 * @param md5Password the TCP MD5 signature password (RFC 2385), "" for none
 * @param ttl the TTL of our packets to the peer: 1 for a directly connected eBGP peer, 255 for
 *     eBGP multi-hop, 0 to leave the system default (iBGP)
 */
public record PeerConfig(SessionConfig session, InetSocketAddress peer, Optional<InetAddress> sourceAddress,
    Optional<InetAddress> nextHopV6, Duration gracefulShutdownWait, String md5Password, int ttl) {
  public static final int BGP_PORT = 179;
  public static final int MULTIHOP_TTL = 255;

  public PeerConfig {
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("TTL for peer " + peer + " must be 0..255, got " + ttl);
    }
    if (md5Password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TcpNative.MD5_MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("TCP MD5 password for peer " + peer + " is longer than "
          + TcpNative.MD5_MAX_KEY_LENGTH + " bytes");
    }
  }

  /** No MD5 and the system's TTL. */
  public PeerConfig(SessionConfig session, InetSocketAddress peer, Optional<InetAddress> sourceAddress,
      Optional<InetAddress> nextHopV6, Duration gracefulShutdownWait) {
    this(session, peer, sourceAddress, nextHopV6, gracefulShutdownWait, "", 0);
  }

  public PeerConfig withMd5Password(String password) {
    return new PeerConfig(session, peer, sourceAddress, nextHopV6, gracefulShutdownWait, password, ttl);
  }

  public PeerConfig withTtl(int value) {
    return new PeerConfig(session, peer, sourceAddress, nextHopV6, gracefulShutdownWait, md5Password, value);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "PeerConfig[peer=" + peer + ", session=" + session + ", sourceAddress=" + sourceAddress + ", nextHopV6="
        + nextHopV6 + ", gracefulShutdownWait=" + gracefulShutdownWait + ", md5=" + !md5Password.isEmpty()
        + ", ttl=" + ttl + "]";
  }
}
