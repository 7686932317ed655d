package io.baremetallb.announcer.bgp.rib;

import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.LargeCommunity;
import io.baremetallb.announcer.bgp.wire.OriginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What we attach to an advertised prefix, apart from what the session decides (AS_PATH and next
 * hop). {@code localPref} is only sent to iBGP peers (RFC 4271 §5.1.5).
 */
public record RouteAttributes(OriginType origin, Optional<Long> med, Optional<Long> localPref,
    List<Community> communities, List<LargeCommunity> largeCommunities) {
  /** ORIGIN IGP and nothing else: ECMP at the router needs equal attributes across nodes. */
  public static final RouteAttributes PLAIN = new RouteAttributes(OriginType.IGP, Optional.empty(), Optional.empty(),
      List.of(), List.of());

  public RouteAttributes {
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
  }

  public RouteAttributes withCommunities(List<Community> c) {
    return new RouteAttributes(origin, med, localPref, c, largeCommunities);
  }

  public RouteAttributes withLargeCommunities(List<LargeCommunity> c) {
    return new RouteAttributes(origin, med, localPref, communities, c);
  }

  public RouteAttributes withLocalPref(long value) {
    return new RouteAttributes(origin, med, Optional.of(value), communities, largeCommunities);
  }

  /** RFC 8326 §4: the same route, marked GRACEFUL_SHUTDOWN so receivers prefer other paths. */
  public RouteAttributes gracefulShutdown() {
    if (communities.contains(Community.GRACEFUL_SHUTDOWN)) {
      return this;
    }
    List<Community> c = new ArrayList<>(communities);
    c.add(Community.GRACEFUL_SHUTDOWN);
    return withCommunities(c);
  }
}
