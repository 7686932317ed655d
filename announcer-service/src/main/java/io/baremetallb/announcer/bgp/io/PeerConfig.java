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
 */
public record PeerConfig(SessionConfig session, InetSocketAddress peer, Optional<InetAddress> sourceAddress,
    Optional<InetAddress> nextHopV6, Duration gracefulShutdownWait) {
  public static final int BGP_PORT = 179;
}
