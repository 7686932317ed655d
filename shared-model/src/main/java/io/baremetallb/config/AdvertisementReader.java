package io.baremetallb.config;

import io.baremetallb.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Reads the fields of BGP and layer 2 advertisements, in either dialect. */
final class AdvertisementReader {
  static final List<String> BGP_FIELDS = List.of("aggregationLength", "aggregationLengthV6", "localPref",
      "communities", "ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "peers");
  static final List<String> LEGACY_BGP_FIELDS =
      Dialect.LEGACY.keys("aggregationLength", "aggregationLengthV6", "localPref", "communities");
  static final List<String> L2_FIELDS = List.of("ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces");

  private AdvertisementReader() {}

  /**
   * A BGP advertisement. In the legacy dialect the fields that pick pools, nodes and peers do not
   * exist; {@code legacyPool} is then the one pool it belongs to.
   */
  static Resources.BgpAdv bgp(Fields f, Resources.Ref name, Dialect d, Resources.Ref legacyPool) {
    Problems p = f.problems();
    int before = p.size();
    long minV4 = d == Dialect.CRD ? 1 : 0; // the CRD schema says minimum 1; the legacy format had no minimum
    Long agg = f.integer(d.key("aggregationLength"), minV4, 32, "an IPv4 aggregation length");
    Long aggV6 = f.integer(d.key("aggregationLengthV6"), 0, 128, "an IPv6 aggregation length");
    Long localPref = f.integer(d.key("localPref"), 0, 0xFFFF_FFFFL, "a local preference");
    List<Resources.Ref> communities = distinctRefs(f, "communities", "community");
    List<Resources.Ref> pools;
    List<LabelSelector> poolSelectors = List.of();
    List<LabelSelector> nodeSelectors = List.of();
    List<Resources.Ref> peers = List.of();
    if (legacyPool != null) {
      pools = List.of(legacyPool);
    } else {
      pools = distinctRefs(f, "ipAddressPools", "pool");
      poolSelectors = Selectors.list(f, "ipAddressPoolSelectors", d);
      nodeSelectors = Selectors.list(f, "nodeSelectors", d);
      peers = distinctRefs(f, "peers", "peer");
    }
    BgpAdvertisement draft = p.size() > before || name.name() == null ? null : new BgpAdvertisement(name.name(),
        agg == null ? BgpAdvertisement.DEFAULT_AGGREGATION_LENGTH : agg.intValue(),
        aggV6 == null ? BgpAdvertisement.DEFAULT_AGGREGATION_LENGTH_V6 : aggV6.intValue(),
        localPref == null ? 0 : localPref, List.of(), names(pools), poolSelectors, nodeSelectors, names(peers));
    return new Resources.BgpAdv(f.path(), name, draft,
        agg == null ? f.path() : f.at(d.key("aggregationLength")),
        aggV6 == null ? f.path() : f.at(d.key("aggregationLengthV6")),
        localPref == null ? f.path() : f.at(d.key("localPref")), communities, pools, peers);
  }

  /** A layer 2 advertisement (custom resources only; the legacy format derives them from pools). */
  static Resources.L2 l2(Fields f, Resources.Ref name) {
    Problems p = f.problems();
    int before = p.size();
    List<Resources.Ref> pools = distinctRefs(f, "ipAddressPools", "pool");
    List<LabelSelector> poolSelectors = Selectors.list(f, "ipAddressPoolSelectors", Dialect.CRD);
    List<LabelSelector> nodeSelectors = Selectors.list(f, "nodeSelectors", Dialect.CRD);
    List<Resources.Ref> interfaces = distinctRefs(f, "interfaces", "interface");
    L2Advertisement adv = p.size() > before || name.name() == null ? null
        : new L2Advertisement(name.name(), names(pools), poolSelectors, nodeSelectors, names(interfaces));
    return new Resources.L2(f.path(), name, adv, pools);
  }

  /** A list of names: each must be non-empty and listed once (MetalLB's validateDuplicate). */
  static List<Resources.Ref> distinctRefs(Fields f, String key, String what) {
    List<Resources.Ref> out = new ArrayList<>();
    for (Resources.Ref r : f.located(key)) {
      if (r.name().isEmpty()) {
        f.problems().add(r.path(), "empty " + what + " name");
      } else if (names(out).contains(r.name())) {
        f.problems().value(r.path(), r.name(), what + " listed twice");
      } else {
        out.add(r);
      }
    }
    return out;
  }

  static List<String> names(List<Resources.Ref> refs) {
    return refs.stream().map(Resources.Ref::name).toList();
  }
}
