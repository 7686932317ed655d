package io.baremetallb.announcer.bgp.rib;

import io.baremetallb.announcer.bgp.wire.Afi;
import io.baremetallb.announcer.bgp.wire.AsPathSegment;
import io.baremetallb.announcer.bgp.wire.PathAttribute;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.bgp.wire.Update;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routes sent to one peer (RFC 4271 §3.2 Adj-RIB-Out). {@link #sync} takes the routes we want
 * the peer to have and returns exactly the UPDATEs that get it there from what was sent, so a
 * Service change never needs a session reset.
 */
public final class AdjRibOut {
  private final PeerRouting routing;
  private final Set<Afi> families;
  private final Map<Prefix, RouteAttributes> sent = new TreeMap<>();

  public AdjRibOut(PeerRouting routing, Set<Afi> families) {
    this.routing = routing;
    this.families = families.isEmpty() ? EnumSet.noneOf(Afi.class) : EnumSet.copyOf(families);
  }

  /** What the peer has from us, as far as we know. */
  public Map<Prefix, RouteAttributes> sent() {
    return Collections.unmodifiableMap(sent);
  }

  /**
   * The UPDATEs that turn what was sent into {@code desired}: withdrawals first, then
   * announcements grouped by attributes. Prefixes of families the session did not negotiate are
   * left out. Afterwards {@link #sent()} equals the desired routes.
   */
  public List<Update> sync(Map<Prefix, RouteAttributes> desired) {
    Map<Afi, List<Prefix>> withdraw = new TreeMap<>();
    for (Prefix p : sent.keySet()) {
      if (!desired.containsKey(p) || !families.contains(p.afi())) {
        withdraw.computeIfAbsent(p.afi(), k -> new ArrayList<>()).add(p);
      }
    }
    Map<Prefix, RouteAttributes> changed = new TreeMap<>();
    for (Map.Entry<Prefix, RouteAttributes> e : desired.entrySet()) {
      if (families.contains(e.getKey().afi()) && !e.getValue().equals(sent.get(e.getKey()))) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    List<Update> out = new ArrayList<>();
    withdraw.forEach((afi, prefixes) -> {
      out.addAll(UpdatePacker.withdrawals(afi, prefixes));
      prefixes.forEach(sent::remove);
    });
    out.addAll(announce(changed));
    sent.putAll(changed);
    return out;
  }

  /** Everything again, for a new session or ROUTE-REFRESH, followed by End-of-RIB per family (RFC 4724 §2). */
  public List<Update> resendAll(Set<Afi> which) {
    Map<Prefix, RouteAttributes> again = new TreeMap<>();
    sent.forEach((p, a) -> {
      if (which.contains(p.afi())) {
        again.put(p, a);
      }
    });
    List<Update> out = new ArrayList<>(announce(again));
    for (Afi afi : Afi.values()) {
      if (which.contains(afi) && families.contains(afi)) {
        out.add(Update.endOfRib(afi));
      }
    }
    return out;
  }

  /**
   * RFC 8326 §4 graceful shutdown, first step: every route again with GRACEFUL_SHUTDOWN (and,
   * to iBGP peers, LOCAL_PREF 0), so the peer moves traffic away before we withdraw.
   */
  public List<Update> gracefulShutdown() {
    Map<Prefix, RouteAttributes> marked = new TreeMap<>();
    sent.forEach((p, a) -> marked.put(p, routing.internal() ? a.gracefulShutdown().withLocalPref(0) : a.gracefulShutdown()));
    return sync(marked);
  }

  /** A new session knows nothing of what an earlier one was sent. */
  public void sessionDown() {
    sent.clear();
  }

  private List<Update> announce(Map<Prefix, RouteAttributes> routes) {
    Map<Afi, Map<RouteAttributes, List<Prefix>>> groups = new TreeMap<>();
    routes.forEach((p, a) -> groups.computeIfAbsent(p.afi(), k -> new LinkedHashMap<>())
        .computeIfAbsent(a, k -> new ArrayList<>()).add(p));
    List<Update> out = new ArrayList<>();
    groups.forEach((afi, byAttributes) -> byAttributes.forEach((attributes, prefixes) ->
        out.addAll(UpdatePacker.announcements(afi, pathAttributes(afi, attributes), routing.nextHopV6(), prefixes))));
    return out;
  }

  // ORIGIN, AS_PATH, NEXT_HOP (IPv4), MED, LOCAL_PREF (iBGP), COMMUNITIES, LARGE_COMMUNITIES; type order
  private List<PathAttribute> pathAttributes(Afi afi, RouteAttributes a) {
    List<PathAttribute> out = new ArrayList<>();
    out.add(new PathAttribute.Origin(a.origin()));
    out.add(routing.internal() ? PathAttribute.AsPath.EMPTY
        : new PathAttribute.AsPath(List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(routing.localAs())))));
    if (afi == Afi.IPV4) {
      out.add(new PathAttribute.NextHop(routing.nextHopV4().orElseThrow(
          () -> new IllegalStateException("IPv4 routes on a session without an IPv4 next hop"))));
    }
    a.med().ifPresent(m -> out.add(new PathAttribute.MultiExitDisc(m)));
    if (routing.internal()) {
      out.add(new PathAttribute.LocalPref(a.localPref().orElse(100L)));
    }
    if (!a.communities().isEmpty()) {
      out.add(new PathAttribute.Communities(a.communities()));
    }
    if (!a.largeCommunities().isEmpty()) {
      out.add(new PathAttribute.LargeCommunities(a.largeCommunities()));
    }
    return out;
  }
}
