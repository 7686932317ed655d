package io.baremetallb.config;

import io.baremetallb.model.AddressPool;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The whole configuration, validated, whichever format it came from (the legacy ConfigMap or the
 * {@code metallb.io} custom resources). Immutable. Every list is sorted by name, so the same
 * configuration always gives an equal {@code Config} whatever order its objects arrived in.
 *
 * <p>Build it with {@link LegacyConfigParser} or {@link CrdConfigParser}; both return a
 * {@link ConfigResult} and never a half-checked config.
 *
 * @param pools the address pools
 * @param poolLabels each pool's metadata labels (which {@code ipAddressPoolSelectors} match);
 *     pools without labels are left out
 * @param l2Advertisements layer 2 advertisements
 * @param bgpAdvertisements BGP advertisements
 * @param peers BGP peers
 * @param bfdProfiles BFD profiles
 * @param communities community aliases
 */
public record Config(
    List<AddressPool> pools,
    Map<String, Map<String, String>> poolLabels,
    List<L2Advertisement> l2Advertisements,
    List<BgpAdvertisement> bgpAdvertisements,
    List<BgpPeer> peers,
    List<BfdProfile> bfdProfiles,
    List<Community> communities) {

  /** No pools, no advertisements, no peers: what a cluster without configuration has. */
  public static final Config EMPTY = new Config(List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  public Config {
    pools = sorted(pools, AddressPool::name);
    Map<String, Map<String, String>> labels = new TreeMap<>();
    poolLabels.forEach((pool, l) -> {
      if (!l.isEmpty()) {
        labels.put(pool, Map.copyOf(l));
      }
    });
    poolLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    l2Advertisements = sorted(l2Advertisements, L2Advertisement::name);
    bgpAdvertisements = sorted(bgpAdvertisements, BgpAdvertisement::name);
    peers = sorted(peers, BgpPeer::name);
    bfdProfiles = sorted(bfdProfiles, BfdProfile::name);
    communities = sorted(communities, Community::name);
  }

  private static <T> List<T> sorted(List<T> list, Function<T, String> name) {
    return list.stream().sorted(Comparator.comparing(name)).toList();
  }

  public boolean isEmpty() {
    return pools.isEmpty() && l2Advertisements.isEmpty() && bgpAdvertisements.isEmpty() && peers.isEmpty()
        && bfdProfiles.isEmpty() && communities.isEmpty();
  }

  public Optional<AddressPool> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The metadata labels of the named pool (empty for legacy pools and pools without labels). */
  public Map<String, String> labelsOf(String pool) {
    return poolLabels.getOrDefault(pool, Map.of());
  }

  /** The layer 2 advertisements that announce the named pool. */
  public List<L2Advertisement> l2AdvertisementsFor(String pool) {
    Map<String, String> labels = labelsOf(pool);
    return l2Advertisements.stream().filter(a -> a.selectsPool(pool, labels)).toList();
  }

  /** The BGP advertisements that advertise the named pool. */
  public List<BgpAdvertisement> bgpAdvertisementsFor(String pool) {
    Map<String, String> labels = labelsOf(pool);
    return bgpAdvertisements.stream().filter(a -> a.selectsPool(pool, labels)).toList();
  }

  /** The pools an advertisement applies to. */
  public List<AddressPool> poolsOf(PoolSelection advertisement) {
    return pools.stream().filter(p -> advertisement.selectsPool(p.name(), labelsOf(p.name()))).toList();
  }

  public Optional<BgpPeer> peer(String name) {
    return peers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The peers a node with these labels sessions with. */
  public List<BgpPeer> peersForNode(Map<String, String> nodeLabels) {
    return peers.stream().filter(p -> p.selectsNode(nodeLabels)).toList();
  }

  /** The peers an advertisement goes to (all peers when it names none). */
  public List<BgpPeer> peersOf(BgpAdvertisement advertisement) {
    return peers.stream().filter(p -> advertisement.selectsPeer(p.name())).toList();
  }

  public Optional<BfdProfile> bfdProfile(String name) {
    return bfdProfiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
