package io.baremetallb.announcer.bgp.plan;

import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node sends over BGP, and what the cluster as a whole leaves unsent.
 *
 * @param routes per BGPPeer name (every peer that selects this node, possibly with no routes): the
 *     routes that peer gets from this node
 * @param peersByService per Service this node advertises: the names of the peers it goes to (what
 *     MetalLB's ServiceBGPStatus holds)
 * @param unadvertised per Service: its BGP-announced IPs that no node advertises to any peer, with
 *     the reason (the same on every node, computed from the whole cluster's state)
 */
public record BgpPlan(Map<String, Map<Prefix, RouteAttributes>> routes, Map<ServiceKey, Set<String>> peersByService,
    Map<ServiceKey, List<Unadvertised>> unadvertised) {
  public static final BgpPlan EMPTY = new BgpPlan(Map.of(), Map.of(), Map.of());

  public BgpPlan {
    routes = Map.copyOf(routes);
    peersByService = Map.copyOf(peersByService);
    unadvertised = Map.copyOf(unadvertised);
  }

  /** The routes for one peer; empty when the peer does not select this node or gets nothing. */
  public Map<Prefix, RouteAttributes> routesFor(String peer) {
    return routes.getOrDefault(peer, Map.of());
  }
}
