package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, the parsers answer with a config or a list of problems: never an exception. */
class GarbageInputPropertyTest {
  private static final List<String> KEYS = List.of("address-pools", "peers", "bgp-communities", "bfd-profiles", "name",
      "protocol", "addresses", "auto-assign", "bgp-advertisements", "aggregation-length", "communities", "my-asn",
      "peer-asn", "peer-address", "hold-time", "node-selectors", "match-labels", "match-expressions", "key", "operator",
      "values", "apiVersion", "kind", "metadata", "labels", "spec", "items", "ipAddressPools", "ipAddressPoolSelectors",
      "nodeSelectors", "matchLabels", "matchExpressions", "myASN", "peerASN", "peerAddress", "holdTime", "keepaliveTime",
      "passwordSecret", "serviceAllocation", "priority", "namespaces", "aggregationLength", "localPref", "value");
  private static final List<Object> SCALARS = List.of("metallb.io/v1beta1", "metallb.io/v1beta2", "IPAddressPool",
      "BGPPeer", "BGPAdvertisement", "L2Advertisement", "Community", "BFDProfile", "List", "layer2", "bgp",
      "192.0.2.0/24", "192.0.2.9-192.0.2.1", "2001:db8::/64", "In", "Exists", "90s", "1s", "65535:65282", "large:1:2:3",
      "x", "", 0, -1, 64512, 4294967296L, 1.5, 2.0, true, false);

  @Property(tries = 100)
  void randomTextNeverThrows(@ForAll("yamlish") String text) {
    answered(LegacyConfigParser.parse(text));
    answered(CrdConfigParser.parse(text));
    answered(LegacyConfigParser.parseConfigMap(text));
  }

  @Property(tries = 100)
  void mutatedSamplesNeverThrow(@ForAll("mutatedSamples") String text) {
    answered(LegacyConfigParser.parse(text));
    answered(CrdConfigParser.parse(text));
  }

  @Property(tries = 100)
  void randomTreesNeverThrow(@ForAll("trees") Object tree) {
    answered(CrdConfigParser.parseObjects(List.of(tree)));
    answered(CrdConfigParser.parseObjects(List.of(Map.of("apiVersion", "metallb.io/v1beta1", "kind", "IPAddressPool",
        "metadata", Map.of("name", "p"), "spec", tree))));
    answered(CrdConfigParser.parseObjects(List.of(Map.of("apiVersion", "metallb.io/v1beta2", "kind", "BGPPeer",
        "metadata", Map.of("name", "p"), "spec", tree))));
  }

  private static void answered(ConfigResult r) {
    assertNotNull(r);
    if (r instanceof ConfigResult.Invalid i) {
      assertFalse(i.problems().isEmpty());
      i.problems().forEach(p -> assertNotNull(p.toString()));
    }
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings().withChars("abc:-[]{}#&*!|>'\"%@`,? \n\t0123456789./")
        .withCharRange('\u0000', '\u00ff').ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> mutatedSamples() {
    Arbitrary<String> sample = Arbitraries.of(ConfigFixtures.resource("legacy-bgp.yaml"),
        ConfigFixtures.resource("crd-samples.yaml"), ConfigFixtures.resource("crd-bgp.yaml"), ConfigFixtures.DOCUMENT_CONFIG);
    Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 40))
        .as((kind, at, len) -> new int[] {kind, at, len}).list().ofMinSize(1).ofMaxSize(5);
    Arbitrary<String> inserts = Arbitraries.strings().withChars(":-[]{}&*|> \n0123456789abc.\"").ofMaxLength(8);
    return Combinators.combine(sample, edits, inserts).as(GarbageInputPropertyTest::mutate);
  }

  /** Deletes, duplicates or inserts at a few places. */
  private static String mutate(String s, List<int[]> edits, String insert) {
    StringBuilder b = new StringBuilder(s);
    for (int[] e : edits) {
      int at = e[1] % (b.length() + 1);
      int end = Math.min(b.length(), at + e[2]);
      switch (e[0]) {
        case 0 -> b.delete(at, end);
        case 1 -> b.insert(at, b.substring(at, end));
        default -> b.insert(at, insert);
      }
    }
    return b.toString();
  }

  @Provide
  Arbitrary<Object> trees() {
    return tree(4);
  }

  private Arbitrary<Object> tree(int depth) {
    Arbitrary<Object> scalar = Arbitraries.of(SCALARS);
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> child = Arbitraries.lazy(() -> tree(depth - 1));
    Arbitrary<Object> list = child.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
    Arbitrary<Object> map = Combinators.combine(Arbitraries.of(KEYS), child).as(Map::entry).list().ofMaxSize(4)
        .map(entries -> {
          Map<String, Object> m = new LinkedHashMap<>();
          entries.forEach(en -> m.put(en.getKey(), en.getValue()));
          return (Object) m;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(2, list), net.jqwik.api.Tuple.of(4, map));
  }
}
