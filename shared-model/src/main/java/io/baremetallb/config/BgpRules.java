package io.baremetallb.config;

import io.baremetallb.ip.IpFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** MetalLB's rules between BGP advertisements, pools, peers, BFD profiles and communities. */
final class BgpRules {
  private final Problems p;
  private final Resources r;

  BgpRules(Problems p, Resources r) {
    this.p = p;
    this.r = r;
  }

  /** Alias name to value over every Community; an alias defined twice is a problem. */
  static Map<String, BgpCommunity> aliases(Problems p, List<Resources.Communities> communities) {
    Map<String, BgpCommunity> out = new HashMap<>();
    Map<String, Path> where = new HashMap<>();
    for (Resources.Communities c : communities) {
      for (Resources.Alias a : c.aliases()) {
        String n = a.name().name();
        if (n == null) {
          continue;
        }
        Path first = where.putIfAbsent(n, a.name().path());
        if (first != null) {
          p.value(a.name().path(), n, "community alias defined twice, also at " + first);
        } else {
          out.put(n, a.value());
        }
      }
    }
    return out;
  }

  /**
   * The values of an advertisement's communities: an alias's value, or the text itself when it is
   * written as a community; sorted, without repeats (MetalLB keeps them in a set).
   */
  static List<BgpCommunity> resolve(Problems p, List<Resources.Ref> refs, Map<String, BgpCommunity> aliases) {
    TreeSet<BgpCommunity> out = new TreeSet<>();
    for (Resources.Ref ref : refs) {
      if (aliases.containsKey(ref.name())) {
        if (aliases.get(ref.name()) != null) {
          out.add(aliases.get(ref.name()));
        }
      } else if (ref.name().indexOf(':') >= 0) {
        BgpCommunity c = CommunityReader.value(p, ref.path(), ref.name());
        if (c != null) {
          out.add(c);
        }
      } else {
        p.value(ref.path(), ref.name(), "unknown community alias (not a value like 65535:65282 "
            + "or large:1:2:3, and no bgp-communities entry or Community alias has this name)");
      }
    }
    return new ArrayList<>(out);
  }

  /** Two sessions to one router address (and VRF) from the same node are one too many. */
  static void samePeerTwice(Problems p, List<Resources.Peer> peers) {
    List<BgpPeer> seen = new ArrayList<>();
    List<Resources.Peer> where = new ArrayList<>();
    for (Resources.Peer peer : peers) {
      BgpPeer b = peer.peer();
      if (b == null) {
        continue;
      }
      for (int i = 0; i < seen.size(); i++) {
        BgpPeer o = seen.get(i);
        if (o.peerAddress().equals(b.peerAddress()) && o.vrf().equals(b.vrf())
            && !Selectors.disjoint(o.nodeSelectors(), b.nodeSelectors())) {
          p.add(peer.path(), "peers with " + b.peerAddress() + (b.vrf().isEmpty() ? "" : " in VRF " + b.vrf())
              + " from the same nodes as " + where.get(i).path() + "; one session per router and node");
          break;
        }
      }
      seen.add(b);
      where.add(peer);
    }
  }

  void check() {
    for (Resources.BgpAdv adv : r.bgpAdvertisements) {
      if (adv.draft() == null) {
        continue;
      }
      List<Resources.Pool> pools = ConfigAssembler.selected(adv.draft(), r.pools);
      for (Resources.Pool pool : pools) {
        aggregation(adv, pool, IpFamily.IPV4);
        aggregation(adv, pool, IpFamily.IPV6);
      }
      echoWithIpv6(adv, pools);
    }
    for (Resources.Pool pool : r.pools) {
      localPreferences(pool);
    }
  }

  /**
   * MetalLB: the aggregation length may not be shorter than the shortest prefix an address entry
   * of the pool is made of, or the aggregate would cover addresses outside the pool.
   */
  private void aggregation(Resources.BgpAdv adv, Resources.Pool pool, IpFamily family) {
    BgpAdvertisement a = adv.draft();
    int length = family == IpFamily.IPV4 ? a.aggregationLength() : a.aggregationLengthV6();
    for (Resources.Entry e : pool.entries()) {
      if (e.range().family() == family && length < e.lowestPrefix()) {
        p.value(family == IpFamily.IPV4 ? adv.aggregationPath() : adv.aggregationV6Path(), length,
            "aggregation length is shorter than the prefix /" + e.lowestPrefix() + " of \"" + e.text()
                + "\" in pool \"" + pool.name().name() + "\", so the aggregate would cover addresses outside the pool");
        return;
      }
    }
  }

  /** MetalLB: BFD echo mode does not work on IPv6 sessions. */
  private void echoWithIpv6(Resources.BgpAdv adv, List<Resources.Pool> pools) {
    boolean v6 = pools.stream().flatMap(pool -> pool.entries().stream())
        .anyMatch(e -> e.range().family() == IpFamily.IPV6);
    if (!v6) {
      return;
    }
    Map<String, Resources.Bfd> bfds = ConfigAssembler.byName(r.bfdProfiles, Resources.Bfd::name);
    for (Resources.Peer peer : r.peers) {
      if (peer.peer() == null || !adv.draft().selectsPeer(peer.name().name()) || peer.bfdProfile() == null) {
        continue;
      }
      Resources.Bfd bfd = bfds.get(peer.bfdProfile().name());
      if (bfd != null && bfd.profile() != null && bfd.profile().echoMode()) {
        p.add(adv.path(), "advertises IPv6 addresses to peer \"" + peer.name().name() + "\", whose BFD profile \""
            + bfd.name().name() + "\" has echo mode on, which works only with IPv4");
        return;
      }
    }
  }

  /**
   * MetalLB: two advertisements of one pool that would send the same prefix to the same peer from
   * the same node must agree on LOCAL_PREF.
   */
  private void localPreferences(Resources.Pool pool) {
    if (pool.name().name() == null) {
      return;
    }
    List<Resources.BgpAdv> earlier = new ArrayList<>();
    for (Resources.BgpAdv adv : r.bgpAdvertisements) {
      if (adv.draft() == null || !adv.draft().selectsPool(pool.name().name(), pool.labels())) {
        continue;
      }
      for (Resources.BgpAdv other : earlier) {
        if (!compatible(adv.draft(), other.draft(), pool)) {
          p.value(adv.localPrefPath(), adv.draft().localPref(), "local preference differs from "
              + other.draft().localPref() + " of " + other.path() + " for the same prefixes of pool \""
              + pool.name().name() + "\" sent to the same peers from the same nodes");
          break;
        }
      }
      earlier.add(adv);
    }
  }

  private static boolean compatible(BgpAdvertisement a, BgpAdvertisement b, Resources.Pool pool) {
    if (a.localPref() == b.localPref()) {
      return true;
    }
    boolean v4 = pool.entries().stream().anyMatch(e -> e.range().family() == IpFamily.IPV4);
    boolean v6 = pool.entries().stream().anyMatch(e -> e.range().family() == IpFamily.IPV6);
    boolean v4Differs = a.aggregationLength() != b.aggregationLength();
    boolean v6Differs = a.aggregationLengthV6() != b.aggregationLengthV6();
    if ((!v4 || v4Differs) && (!v6 || v6Differs)) {
      return true;
    }
    if (!a.peers().isEmpty() && !b.peers().isEmpty() && a.peers().stream().noneMatch(b.peers()::contains)) {
      return true;
    }
    return Selectors.disjoint(a.nodeSelectors(), b.nodeSelectors());
  }
}
