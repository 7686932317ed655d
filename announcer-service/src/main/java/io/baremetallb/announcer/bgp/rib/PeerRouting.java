package io.baremetallb.announcer.bgp.rib;

import io.baremetallb.announcer.bgp.wire.CodecOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What one session decides about the routes sent on it: our AS (AS_PATH is [localAs] to eBGP
 * peers and empty to iBGP ones, RFC 4271 §5.1.2), our next hop per family, and the codec options.
 *
 * @param nextHopV6 global and optionally link-local IPv6 next hop (RFC 2545), empty when IPv6 is not sent
 */
public record PeerRouting(long localAs, boolean internal, Optional<InetAddress> nextHopV4, List<InetAddress> nextHopV6,
    CodecOptions codecOptions) {
  public PeerRouting {
    nextHopV6 = List.copyOf(nextHopV6);
  }
}
