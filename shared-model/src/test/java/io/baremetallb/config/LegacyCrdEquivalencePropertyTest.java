package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random valid legacy configurations, the custom resources MetalLB's configmaptocrs would
 * write for them (written here by hand, as the converter names and shapes them) parse to an equal
 * {@link Config}.
 */
class LegacyCrdEquivalencePropertyTest {

  /** A pool: its address entry, the aggregation lengths it allows, and its BGP advertisements. */
  record Pool(String address, List<Integer> lengths, boolean bgp, Boolean autoAssign, Boolean avoidBuggy, List<Adv> advs) {}

  record Adv(Integer length, List<String> communities) {}

  record Peer(long myAsn, long peerAsn, String holdTime, String routerId, String password, String rack) {}

  record Setup(List<Pool> pools, List<Peer> peers) {}

  @Property(tries = 50)
  void legacyAndCustomResourcesGiveEqualConfigs(@ForAll("setups") Setup s) {
    Config legacy = ConfigFixtures.valid(LegacyConfigParser.parse(legacy(s)));
    Config crds = ConfigFixtures.valid(CrdConfigParser.parse(crds(s)));
    assertEquals(legacy, crds);
  }

  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<List<Pool>> pools = Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(4)
        .flatMap(kinds -> {
          List<Arbitrary<Pool>> each = new ArrayList<>();
          for (int i = 0; i < kinds.size(); i++) {
            each.add(pool(i, kinds.get(i)));
          }
          return Combinators.combine(each).as(l -> l);
        });
    Arbitrary<Peer> peer = Combinators.combine(Arbitraries.longs().between(1, 0xFFFF_FFFFL),
        Arbitraries.longs().between(1, 0xFFFF_FFFFL), Arbitraries.of("", "0s", "3s", "90s", "2m", "4.5s"),
        Arbitraries.of("", "10.255.0.1"), Arbitraries.of("", "secret", "p@ss word"), Arbitraries.of("", "r1", "r2"))
        .as(Peer::new);
    return Combinators.combine(pools, peer.list().ofMaxSize(3)).as(Setup::new);
  }

  private Arbitrary<Pool> pool(int i, int kind) {
    String address = switch (kind) {
      case 0 -> "10." + i + ".0.0/24";
      case 1 -> "10." + i + ".0.5-10." + i + ".0.9";
      default -> "2001:db8:" + i + "::/120";
    };
    List<Integer> lengths = switch (kind) {
      case 0 -> List.of(24, 28, 32);
      case 1 -> List.of(31, 32);
      default -> List.of(120, 124, 128);
    };
    Arbitrary<Adv> adv = Combinators.combine(Arbitraries.of(lengths).injectNull(0.3),
        Arbitraries.of("bar", "65535:65282", "large:1:2:3").set().ofMaxSize(2).map(ArrayList::new)).as(Adv::new);
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false).injectNull(0.5),
        Arbitraries.of(true, false).injectNull(0.5), adv.list().ofMaxSize(2))
        .as((bgp, auto, buggy, advs) -> new Pool(address, lengths, bgp, auto, buggy, bgp ? advs : List.of()));
  }

  private static String legacy(Setup s) {
    StringBuilder b = new StringBuilder("bgp-communities:\n  bar: 64512:1\naddress-pools:\n");
    for (int i = 0; i < s.pools().size(); i++) {
      Pool p = s.pools().get(i);
      b.append("- name: pool").append(i).append("\n  protocol: ").append(p.bgp() ? "bgp" : "layer2")
          .append("\n  addresses: [\"").append(p.address()).append("\"]\n");
      optional(b, "  auto-assign", p.autoAssign());
      optional(b, "  avoid-buggy-ips", p.avoidBuggy());
      if (!p.advs().isEmpty()) {
        b.append("  bgp-advertisements:\n");
        for (Adv a : p.advs()) {
          b.append("  - communities: ").append(quoted(a.communities())).append('\n');
          optional(b, "    " + (p.address().contains(":") ? "aggregation-length-v6" : "aggregation-length"), a.length());
        }
      }
    }
    b.append("peers:").append(s.peers().isEmpty() ? " []\n" : "\n");
    for (int i = 0; i < s.peers().size(); i++) {
      Peer p = s.peers().get(i);
      b.append("- {my-asn: ").append(p.myAsn()).append(", peer-asn: ").append(p.peerAsn())
          .append(", peer-address: \"2001:db8:ff::").append(i + 1).append('"');
      peerExtras(b, p, "hold-time", "router-id", "node-selectors: [{match-labels: {rack: ");
      b.append("}\n");
    }
    return b.toString();
  }

  private static String crds(Setup s) {
    List<String> docs = new ArrayList<>();
    docs.add(object("Community", "communities", "communities: [{name: bar, value: \"64512:1\"}]"));
    int bgpIndex = 1;
    int l2Index = 1;
    for (int i = 0; i < s.pools().size(); i++) {
      Pool p = s.pools().get(i);
      StringBuilder spec = new StringBuilder("addresses: [\"" + p.address() + "\"]\n");
      optional(spec, "autoAssign", p.autoAssign());
      optional(spec, "avoidBuggyIPs", p.avoidBuggy());
      docs.add(object("IPAddressPool", "pool" + i, spec.toString()));
      for (Adv a : p.advs()) {
        StringBuilder adv = new StringBuilder("ipAddressPools: [pool" + i + "]\ncommunities: " + quoted(a.communities()) + "\n");
        optional(adv, p.address().contains(":") ? "aggregationLengthV6" : "aggregationLength", a.length());
        docs.add(object("BGPAdvertisement", "bgpadvertisement" + bgpIndex++, adv.toString()));
      }
      if (p.bgp() && p.advs().isEmpty()) {
        docs.add(object("BGPAdvertisement", "bgpadvertisement" + bgpIndex++, "ipAddressPools: [pool" + i + "]"));
      }
      if (!p.bgp()) {
        docs.add(object("L2Advertisement", "l2advertisement" + l2Index++, "ipAddressPools: [pool" + i + "]"));
      }
    }
    for (int i = 0; i < s.peers().size(); i++) {
      Peer p = s.peers().get(i);
      StringBuilder spec = new StringBuilder("{myASN: " + p.myAsn() + ", peerASN: " + p.peerAsn()
          + ", peerAddress: \"2001:db8:ff::" + (i + 1) + "\"");
      peerExtras(spec, p, "holdTime", "routerID", "nodeSelectors: [{matchLabels: {rack: ");
      docs.add(object("BGPPeer", "peer" + (i + 1), spec.append("}").toString()));
    }
    return String.join("---\n", docs);
  }

  private static void peerExtras(StringBuilder b, Peer p, String holdKey, String routerKey, String selectorStart) {
    if (!p.holdTime().isEmpty()) {
      b.append(", ").append(holdKey).append(": ").append(p.holdTime());
    }
    if (!p.routerId().isEmpty()) {
      b.append(", ").append(routerKey).append(": ").append(p.routerId());
    }
    if (!p.password().isEmpty()) {
      b.append(", password: \"").append(p.password()).append('"');
    }
    if (!p.rack().isEmpty()) {
      b.append(", ").append(selectorStart).append(p.rack()).append("}}]");
    }
  }

  private static String object(String kind, String name, String spec) {
    String version = kind.equals("BGPPeer") ? "v1beta2" : "v1beta1";
    return "apiVersion: metallb.io/" + version + "\nkind: " + kind + "\nmetadata: {name: " + name
        + ", namespace: metallb-system}\nspec:\n  " + spec.strip().replace("\n", "\n  ") + "\n";
  }

  private static void optional(StringBuilder b, String key, Object value) {
    if (value != null) {
      b.append(key).append(": ").append(value).append('\n');
    }
  }

  private static String quoted(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").toList().toString();
  }
}
