package io.baremetallb.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks the rules that span objects (names, overlaps, references; the BGP ones in
 * {@link BgpRules}) and, when no problem was found anywhere, builds the {@link Config}.
 */
final class ConfigAssembler {
  private ConfigAssembler() {}

  static ConfigResult assemble(Resources r, Problems p) {
    uniqueNames(p, r.pools, Resources.Pool::name, "pool");
    uniqueNames(p, r.l2Advertisements, Resources.L2::name, "L2Advertisement");
    uniqueNames(p, r.bgpAdvertisements, Resources.BgpAdv::name, "BGPAdvertisement");
    uniqueNames(p, r.peers, Resources.Peer::name, "BGP peer");
    uniqueNames(p, r.bfdProfiles, Resources.Bfd::name, "BFD profile");
    uniqueNames(p, r.communities, Resources.Communities::name, "Community");
    noOverlaps(p, r.pools);
    Map<String, Resources.Pool> pools = byName(r.pools, Resources.Pool::name);
    Map<String, Resources.Peer> peers = byName(r.peers, Resources.Peer::name);
    Map<String, Resources.Bfd> bfds = byName(r.bfdProfiles, Resources.Bfd::name);
    for (Resources.L2 l2 : r.l2Advertisements) {
      references(p, l2.poolRefs(), pools, "no pool has this name");
    }
    for (Resources.BgpAdv adv : r.bgpAdvertisements) {
      references(p, adv.poolRefs(), pools, "no pool has this name");
      references(p, adv.peerRefs(), peers, "no BGP peer has this name");
    }
    for (Resources.Peer peer : r.peers) {
      if (peer.bfdProfile() != null) {
        references(p, List.of(peer.bfdProfile()), bfds, "no BFD profile has this name");
      }
    }
    BgpRules.samePeerTwice(p, r.peers);
    Map<String, BgpCommunity> aliases = BgpRules.aliases(p, r.communities);
    List<BgpAdvertisement> bgp = new ArrayList<>();
    for (Resources.BgpAdv adv : r.bgpAdvertisements) {
      List<BgpCommunity> values = BgpRules.resolve(p, adv.communities(), aliases);
      if (adv.draft() != null) {
        BgpAdvertisement d = adv.draft();
        bgp.add(new BgpAdvertisement(d.name(), d.aggregationLength(), d.aggregationLengthV6(), d.localPref(), values,
            d.ipAddressPools(), d.ipAddressPoolSelectors(), d.nodeSelectors(), d.peers()));
      }
    }
    new BgpRules(p, r).check();
    if (!p.isEmpty()) {
      return new ConfigResult.Invalid(p.list());
    }
    return new ConfigResult.Valid(build(r, bgp));
  }

  private static Config build(Resources r, List<BgpAdvertisement> bgp) {
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    r.pools.forEach(pool -> labels.put(pool.name().name(), pool.labels()));
    List<Community> communities = r.communities.stream().map(c -> new Community(c.name().name(),
        c.aliases().stream().map(a -> new Community.Alias(a.name().name(), a.value()))
            .sorted(java.util.Comparator.comparing(Community.Alias::name)).toList())).toList();
    return new Config(
        r.pools.stream().map(Resources.Pool::pool).toList(),
        labels,
        r.l2Advertisements.stream().map(Resources.L2::adv).toList(),
        bgp,
        r.peers.stream().map(Resources.Peer::peer).toList(),
        r.bfdProfiles.stream().map(Resources.Bfd::profile).toList(),
        communities);
  }

  /** Objects of one kind by name; objects with problems count too, objects without a name do not. */
  static <T> Map<String, T> byName(List<T> objects, Function<T, Resources.Ref> name) {
    Map<String, T> out = new HashMap<>();
    for (T o : objects) {
      String n = name.apply(o).name();
      if (n != null) {
        out.putIfAbsent(n, o);
      }
    }
    return out;
  }

  private static <T> void uniqueNames(Problems p, List<T> objects, Function<T, Resources.Ref> name, String what) {
    Map<String, Resources.Ref> seen = new HashMap<>();
    for (T o : objects) {
      Resources.Ref ref = name.apply(o);
      if (ref.name() == null) {
        continue;
      }
      Resources.Ref first = seen.putIfAbsent(ref.name(), ref);
      if (first != null) {
        p.value(ref.path(), ref.name(), "duplicate " + what + " name, also at " + first.path());
      }
    }
  }

  private static void references(Problems p, List<Resources.Ref> refs, Map<String, ?> targets, String missing) {
    for (Resources.Ref ref : refs) {
      if (!targets.containsKey(ref.name())) {
        p.value(ref.path(), ref.name(), missing);
      }
    }
  }

  /** No address may be in two pools, nor twice in one pool (MetalLB compares every CIDR). */
  private static void noOverlaps(Problems p, List<Resources.Pool> pools) {
    List<Resources.Entry> seen = new ArrayList<>();
    List<Resources.Pool> owner = new ArrayList<>();
    for (Resources.Pool pool : pools) {
      for (Resources.Entry e : pool.entries()) {
        for (int i = 0; i < seen.size(); i++) {
          Resources.Entry other = seen.get(i);
          if (other.range().overlaps(e.range())) {
            String whose = owner.get(i) == pool ? "the same pool" : "pool \"" + owner.get(i).name().name() + "\"";
            p.value(e.path(), e.text(), "overlaps \"" + other.text() + "\" of " + whose + " (" + other.path() + ")");
            break;
          }
        }
        seen.add(e);
        owner.add(pool);
      }
    }
  }

  /** The pools (with a name) an advertisement applies to. */
  static List<Resources.Pool> selected(PoolSelection adv, List<Resources.Pool> pools) {
    return pools.stream().filter(pool -> pool.name().name() != null)
        .filter(pool -> adv.selectsPool(pool.name().name(), pool.labels())).toList();
  }
}
