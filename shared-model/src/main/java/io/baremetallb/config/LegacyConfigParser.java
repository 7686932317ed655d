package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads MetalLB's legacy configuration (v0.9 to v0.12): the YAML under key {@code config} of the
 * ConfigMap {@code config}, the format of the user's document:
 *
 * <pre>
 * address-pools:
 * - name: my-ip-space
 *   protocol: layer2
 *   addresses:
 *   - 192.168.5.5-192.168.5.9
 * </pre>
 *
 * <p>It is translated as MetalLB's own {@code configmaptocrs} translates it, so that a cluster
 * moving to the custom resources gets the same {@link Config}: each pool becomes an IPAddressPool
 * of the same name; a {@code layer2} pool gets an L2Advertisement {@code l2advertisement<N>}
 * selecting it; a {@code bgp} pool gets one BGPAdvertisement {@code bgpadvertisement<N>} per
 * {@code bgp-advertisements} entry (or one with the defaults); peer number N becomes BGPPeer
 * {@code peer<N>}; {@code bgp-communities} becomes the Community {@code communities}. Decoding is
 * strict, as MetalLB's: an unknown key is a problem.
 */
public final class LegacyConfigParser {
  private static final List<String> TOP = List.of("peers", "bgp-communities", "address-pools", "bfd-profiles");
  private static final List<String> POOL = List.of("name", "protocol", "addresses", "auto-assign", "avoid-buggy-ips",
      "bgp-advertisements");
  private static final List<String> PEER = Dialect.LEGACY.keys(PeerReader.V1BETA1_FIELDS.toArray(String[]::new));
  private static final List<String> BFD = listWithName(Dialect.LEGACY.keys(PeerReader.BFD_FIELDS.toArray(String[]::new)));
  static final String COMMUNITIES_NAME = "communities";

  private LegacyConfigParser() {}

  /** Parses the text of the ConfigMap's {@code config} key. Empty text is an empty configuration. */
  public static ConfigResult parse(String configText) {
    Problems problems = new Problems();
    List<Object> docs = YamlDocuments.load(configText, Path.of("config"), problems);
    if (docs.size() > 1) {
      problems.add(Path.of("config"), "expected one YAML document, found " + docs.size());
    }
    Resources r = new Resources();
    if (problems.isEmpty() && !docs.isEmpty()) {
      if (docs.get(0) instanceof Map<?, ?>) {
        read(Fields.of(docs.get(0), Path.ROOT, problems, true, TOP), r);
      } else {
        problems.add(Path.of("config"), "expected a mapping with address-pools, peers, bgp-communities or "
            + "bfd-profiles, got " + Fields.describe(docs.get(0)));
      }
    }
    return ConfigAssembler.assemble(r, problems);
  }

  /**
   * Parses a whole ConfigMap manifest ({@code kind: ConfigMap}, as {@code kubectl apply} takes it)
   * and reads its {@code data.config}.
   */
  public static ConfigResult parseConfigMap(String manifest) {
    Problems problems = new Problems();
    List<Object> docs = YamlDocuments.load(manifest, Path.of("ConfigMap"), problems);
    if (!problems.isEmpty()) {
      return ConfigAssembler.assemble(new Resources(), problems);
    }
    if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> cm) || !"ConfigMap".equals(cm.get("kind"))) {
      problems.add(Path.of("ConfigMap"), "expected one document of kind ConfigMap");
      return ConfigAssembler.assemble(new Resources(), problems);
    }
    Object data = cm.get("data");
    Object config = data instanceof Map<?, ?> d ? d.get("config") : null;
    if (!(config instanceof String text)) {
      problems.add(Path.of("ConfigMap.data.config"), "missing: the configuration is the text under data.config");
      return ConfigAssembler.assemble(new Resources(), problems);
    }
    return parse(text);
  }

  private static void read(Fields top, Resources r) {
    List<Fields> pools = top.objects("address-pools", POOL);
    int bgpIndex = 1;
    int l2Index = 1;
    for (Fields pf : pools) {
      String protocol = protocol(pf);
      Resources.Pool pool = PoolReader.read(pf, name(pf), Map.of(), Dialect.LEGACY);
      r.pools.add(pool);
      List<Fields> ads = pf.objects("bgp-advertisements", AdvertisementReader.LEGACY_BGP_FIELDS);
      if (!ads.isEmpty() && !"bgp".equals(protocol)) {
        pf.problems().add(pf.at("bgp-advertisements"), "allowed only in a pool with protocol bgp");
      }
      if (pool.name().name() == null) {
        continue;
      }
      for (Fields af : ads) {
        r.bgpAdvertisements.add(AdvertisementReader.bgp(af, generated("bgpadvertisement", bgpIndex++, af.path()),
            Dialect.LEGACY, pool.name()));
      }
      if (ads.isEmpty() && "bgp".equals(protocol)) {
        Fields none = Fields.of(null, pf.path(), pf.problems(), true, List.of());
        r.bgpAdvertisements.add(AdvertisementReader.bgp(none, generated("bgpadvertisement", bgpIndex++, pf.path()),
            Dialect.LEGACY, pool.name()));
      }
      if ("layer2".equals(protocol)) {
        L2Advertisement l2 = new L2Advertisement("l2advertisement" + l2Index, List.of(pool.name().name()),
            List.of(), List.of(), List.of());
        r.l2Advertisements.add(new Resources.L2(pf.path(), generated("l2advertisement", l2Index++, pf.path()),
            l2, List.of(pool.name())));
      }
    }
    List<Fields> peers = top.objects("peers", PEER);
    for (int i = 0; i < peers.size(); i++) {
      r.peers.add(PeerReader.peer(peers.get(i), generated("peer", i + 1, peers.get(i).path()), Dialect.LEGACY));
    }
    for (Fields bf : top.objects("bfd-profiles", BFD)) {
      r.bfdProfiles.add(PeerReader.bfd(bf, name(bf), Dialect.LEGACY));
    }
    communities(top, r);
  }

  private static String protocol(Fields pf) {
    String protocol = pf.requiredString("protocol");
    if (protocol != null && !protocol.equals("layer2") && !protocol.equals("bgp")) {
      pf.problems().value(pf.at("protocol"), protocol, "unknown protocol, expected layer2 or bgp");
      return null;
    }
    return protocol;
  }

  private static Resources.Ref name(Fields f) {
    return new Resources.Ref(f.at("name"), f.requiredString("name"));
  }

  private static Resources.Ref generated(String prefix, int n, Path path) {
    return new Resources.Ref(path, prefix + n);
  }

  /** {@code bgp-communities: {alias: value}} becomes one Community, as the converter makes it. */
  private static void communities(Fields top, Resources r) {
    Map<String, String> aliases = top.stringMap("bgp-communities");
    if (aliases.isEmpty()) {
      return;
    }
    List<Resources.Alias> out = new ArrayList<>();
    new TreeMap<>(aliases).forEach((name, value) -> {
      Path at = top.at("bgp-communities").key(name);
      out.add(new Resources.Alias(at, new Resources.Ref(at, name), CommunityReader.value(top.problems(), at, value)));
    });
    r.communities.add(new Resources.Communities(top.at("bgp-communities"),
        new Resources.Ref(top.at("bgp-communities"), COMMUNITIES_NAME), out));
  }

  private static List<String> listWithName(List<String> fields) {
    List<String> out = new ArrayList<>(fields);
    out.add(0, "name");
    return out;
  }
}
