package io.baremetallb.announcer.core;

import io.baremetallb.ip.IpAddress;
import java.util.Optional;
import java.util.Set;

/**
 * One service IP that must be answered for in layer 2, with what restricts who may answer.
 *
 * @param ip the address (every Service sharing it agrees on one owner, because the plan is per IP)
 * @param advertisedNodes nodes selected by the L2Advertisements that match the IP's pool; empty
 *     Optional when no L2Advertisement matches the pool at all
 * @param localEndpointNodes for {@code externalTrafficPolicy: Local}: the nodes with a ready endpoint
 *     of the Service(s); empty Optional for {@code Cluster}
 * @param pool the pool the IP came from (for messages)
 */
public record IpDemand(IpAddress ip, String pool, Optional<Set<String>> advertisedNodes, Optional<Set<String>> localEndpointNodes) {
  public IpDemand {
    advertisedNodes = advertisedNodes.map(Set::copyOf);
    localEndpointNodes = localEndpointNodes.map(Set::copyOf);
  }
}
