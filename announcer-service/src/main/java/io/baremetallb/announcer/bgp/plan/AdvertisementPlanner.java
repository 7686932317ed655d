package io.baremetallb.announcer.bgp.plan;

import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.LargeCommunity;
import io.baremetallb.announcer.bgp.wire.OriginType;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.BgpAdvertisement;
import io.baremetallb.config.BgpCommunity;
import io.baremetallb.config.BgpPeer;
import io.baremetallb.config.Config;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which prefixes this node sends to which BGP peer (pure: the same input always gives the same plan).
 *
 * <p>An ingress IP is a BGP IP when its pool is selected by at least one BGPAdvertisement
 * ({@code ipAddressPools} / {@code ipAddressPoolSelectors}, none meaning every pool). A node
 * advertises it when the node is not excluded, a BGPPeer selects the node ({@code nodeSelectors}),
 * an advertisement of the pool selects the node, that advertisement goes to the peer
 * ({@code peers}, none meaning every peer), and, for {@code externalTrafficPolicy: Local}, the node
 * has a ready endpoint ({@code Cluster}: every selected node). The prefix is the IP cut to the
 * advertisement's {@code aggregationLength} / {@code aggregationLengthV6}.
 *
 * <p>Attributes: ORIGIN IGP (routers balance only across equal paths), the advertisement's
 * communities and large communities (aliases already resolved by the config parser), LOCAL_PREF
 * only to iBGP peers (RFC 4271 §5.1.5) and only when set. When several advertisements give the same
 * prefix to one peer (two advertisements of a pool, or two IPs aggregated into one prefix) the
 * routes merge: the union of communities and the highest LOCAL_PREF, so no advertisement's
 * communities are silently dropped and the result does not depend on the order.
 */
public final class AdvertisementPlanner {
  private static final int MAX_NODES_IN_REASON = 5;

  /** One node's verdict on one IP: routes per peer, or why there are none. */
  private record Decision(Map<String, RouteAttributes> perPeer, Prefix v4OrV6Prefix, String reason) {
    static Decision no(String reason) {
      return new Decision(Map.of(), null, reason);
    }
  }

  /**
   * @param nodes every Node of the cluster by name (labels, exclusion); must include {@code thisNode}
   *     for this node to advertise anything
   */
  public BgpPlan plan(Config config, Collection<ServiceIps> services, Map<String, NodeView> nodes, String thisNode) {
    Map<String, Map<Prefix, RouteAttributes>> routes = new TreeMap<>();
    NodeView self = nodes.get(thisNode);
    if (self != null) {
      config.peersForNode(self.labels()).forEach(p -> routes.put(p.name(), new TreeMap<>()));
    }
    Map<ServiceKey, Set<String>> peersByService = new TreeMap<>();
    Map<ServiceKey, List<Unadvertised>> unadvertised = new TreeMap<>();
    for (ServiceIps svc : services) {
      for (IpAddress ip : svc.ips()) {
        Optional<AddressPool> pool = poolOf(config, ip);
        if (pool.isEmpty() || config.bgpAdvertisementsFor(pool.get().name()).isEmpty()) {
          continue; // not a BGP IP: layer 2 (or nobody, which the layer-2 side reports) handles it
        }
        List<BgpAdvertisement> ads = config.bgpAdvertisementsFor(pool.get().name());
        if (self != null) {
          Decision mine = decide(config, ads, pool.get().name(), ip, svc, self);
          mine.perPeer().forEach((peer, attrs) -> {
            routes.get(peer).merge(mine.v4OrV6Prefix(), attrs, AdvertisementPlanner::merge);
            peersByService.computeIfAbsent(svc.service(), k -> new TreeSet<>()).add(peer);
          });
        }
        clusterReason(config, ads, pool.get().name(), ip, svc, nodes).ifPresent(reason ->
            unadvertised.computeIfAbsent(svc.service(), k -> new ArrayList<>()).add(new Unadvertised(ip, reason)));
      }
    }
    return new BgpPlan(routes, peersByService, unadvertised);
  }

  /** Empty when some node advertises the IP; otherwise why none does, node by node. */
  private Optional<String> clusterReason(Config config, List<BgpAdvertisement> ads, String pool, IpAddress ip,
      ServiceIps svc, Map<String, NodeView> nodes) {
    if (nodes.isEmpty()) {
      return Optional.of("no Nodes in the cluster");
    }
    Map<String, List<String>> nodesByReason = new java.util.LinkedHashMap<>(); // in order of first node
    for (NodeView n : new TreeMap<>(nodes).values()) {
      Decision d = decide(config, ads, pool, ip, svc, n);
      if (!d.perPeer().isEmpty()) {
        return Optional.empty();
      }
      nodesByReason.computeIfAbsent(d.reason(), k -> new ArrayList<>()).add(n.name());
    }
    List<String> parts = new ArrayList<>();
    nodesByReason.forEach((reason, names) -> parts.add(namesOf(names) + ": " + reason));
    return Optional.of("advertised by no node to any BGP peer; " + String.join("; ", parts));
  }

  private static String namesOf(List<String> names) {
    if (names.size() <= MAX_NODES_IN_REASON) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NODES_IN_REASON)) + " and " + (names.size() - MAX_NODES_IN_REASON)
        + " more";
  }

  private Decision decide(Config config, List<BgpAdvertisement> ads, String pool, IpAddress ip, ServiceIps svc,
      NodeView node) {
    if (node.excluded()) {
      return Decision.no("node excluded from load balancers (label node.kubernetes.io/exclude-from-external-load-balancers)");
    }
    if (node.networkUnavailable()) {
      return Decision.no("node condition NetworkUnavailable is True");
    }
    List<BgpPeer> peers = config.peersForNode(node.labels());
    if (peers.isEmpty()) {
      return Decision.no("no BGPPeer selects the node");
    }
    if (svc.localEndpointNodes().isPresent() && !svc.localEndpointNodes().get().contains(node.name())) {
      return Decision.no("externalTrafficPolicy Local and no ready endpoint on the node");
    }
    List<BgpAdvertisement> forNode = ads.stream().filter(a -> a.selectsNode(node.labels())).toList();
    if (forNode.isEmpty()) {
      return Decision.no("no BGPAdvertisement of pool " + pool + " selects the node (nodeSelectors)");
    }
    Map<String, RouteAttributes> perPeer = new TreeMap<>();
    Prefix prefix = null;
    for (BgpAdvertisement ad : forNode) {
      prefix = new Prefix(ip.toInetAddress(), ip.isV4() ? ad.aggregationLength() : ad.aggregationLengthV6());
      for (BgpPeer peer : peers) {
        if (ad.selectsPeer(peer.name())) {
          perPeer.merge(peer.name(), attributes(ad, peer), AdvertisementPlanner::merge);
        }
      }
    }
    if (perPeer.isEmpty()) {
      return Decision.no("BGPAdvertisement " + names(forNode) + " names only peers that do not peer with the node");
    }
    // Advertisements of one pool with different aggregation lengths would give several prefixes;
    // MetalLB's validation makes them agree per pool, and we take the last (name order) to be total.
    return new Decision(perPeer, prefix, null);
  }

  private static String names(List<BgpAdvertisement> ads) {
    return String.join(", ", ads.stream().map(BgpAdvertisement::name).toList());
  }

  static RouteAttributes attributes(BgpAdvertisement ad, BgpPeer peer) {
    List<Community> standard = new ArrayList<>();
    List<LargeCommunity> large = new ArrayList<>();
    for (BgpCommunity c : ad.communities()) {
      if (c instanceof BgpCommunity.Standard s) {
        standard.add(new Community(s.asn(), s.value()));
      } else if (c instanceof BgpCommunity.Large l) {
        large.add(new LargeCommunity(l.globalAdministrator(), l.localData1(), l.localData2()));
      }
    }
    Optional<Long> localPref = peer.isInternal() && ad.localPref() > 0 ? Optional.of(ad.localPref()) : Optional.empty();
    return new RouteAttributes(OriginType.IGP, Optional.empty(), localPref, standard, large);
  }

  static RouteAttributes merge(RouteAttributes a, RouteAttributes b) {
    Set<Community> standard = new TreeSet<>(java.util.Comparator.comparing(Community::toInt, Integer::compareUnsigned));
    standard.addAll(a.communities());
    standard.addAll(b.communities());
    Set<LargeCommunity> large = new TreeSet<>(java.util.Comparator.comparingLong(LargeCommunity::globalAdministrator)
        .thenComparingLong(LargeCommunity::localData1).thenComparingLong(LargeCommunity::localData2));
    large.addAll(a.largeCommunities());
    large.addAll(b.largeCommunities());
    Optional<Long> pref = a.localPref().isEmpty() ? b.localPref()
        : b.localPref().map(p -> Math.max(p, a.localPref().get())).or(a::localPref);
    return new RouteAttributes(a.origin(), a.med(), pref, List.copyOf(standard), List.copyOf(large));
  }

  private static Optional<AddressPool> poolOf(Config config, IpAddress ip) {
    return config.pools().stream().filter(p -> p.ranges().stream().anyMatch(r -> r.contains(ip))).findFirst();
  }
}
