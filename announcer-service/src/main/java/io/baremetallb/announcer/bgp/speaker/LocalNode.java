package io.baremetallb.announcer.bgp.speaker;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * This node as its BGP sessions need it.
 *
 * @param name the Node's name
 * @param ipv4 the node's IPv4 address: the BGP identifier unless the peer pins {@code routerID},
 *     and the next hop of IPv4 routes when the peer has no {@code sourceAddress}
 * @param ipv6 the node's global IPv6 address, the next hop of IPv6 routes (none: IPv6 routes are not sent)
 */
public record LocalNode(String name, Inet4Address ipv4, Optional<Inet6Address> ipv6) {
  public LocalNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ipv4, "ipv4 (the BGP identifier needs an IPv4 address)");
  }
}
