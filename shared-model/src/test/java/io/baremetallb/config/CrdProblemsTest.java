package io.baremetallb.config;

import static io.baremetallb.config.ConfigFixtures.problems;
import static io.baremetallb.config.ConfigFixtures.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Custom resources broken one way per row, with the exact problem each one reports. */
class CrdProblemsTest {
  static final String POOL = """
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: prod}
      spec:
        addresses: [192.0.2.0/28]
      """;

  static String object(String kind, String name, String spec) {
    String version = kind.equals("BGPPeer") ? "v1beta2" : "v1beta1";
    return "apiVersion: metallb.io/" + version + "\nkind: " + kind + "\nmetadata: {name: " + name + "}\nspec:\n  "
        + spec.replace("\n", "\n  ") + "\n";
  }

  static String peer(String more) {
    return object("BGPPeer", "r1", "myASN: 64500\npeerASN: 64501\npeerAddress: 192.0.2.254\n" + more);
  }

  static String docs(String... docs) {
    return String.join("---\n", docs);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("a range that ends before it starts", POOL.replace("192.0.2.0/28", "192.0.2.9-192.0.2.5"),
            "IPAddressPool/prod.spec.addresses[0] \"192.0.2.9-192.0.2.5\": range ends before it starts"),
        row("a pool without spec", "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: prod}\n",
            "IPAddressPool/prod.spec: missing required field", "IPAddressPool/prod.spec.addresses: missing required field"),
        row("an object without a name", POOL.replace("{name: prod}", "{namespace: metallb-system}"),
            "IPAddressPool[0].metadata.name: missing required field"),
        row("an object name with capitals", POOL.replace("prod", "Prod"),
            "IPAddressPool/Prod.metadata.name \"Prod\": not a valid object name (lower-case letters, digits, \"-\" and \".\")"),
        row("two pools with one name", docs(POOL, POOL.replace("192.0.2.0/28", "192.0.2.16/28")),
            "IPAddressPool/prod.metadata.name \"prod\": duplicate pool name, also at IPAddressPool/prod.metadata.name"),
        row("an invalid pool label", POOL.replace("{name: prod}", "{name: prod, labels: {zone: \"east west\"}}"),
            "IPAddressPool/prod.metadata.labels.zone \"east west\": not a valid label value (at most 63 letters, digits, "
                + "\"-\", \"_\" or \".\", starting and ending with a letter or digit)"),
        row("a namespace listed twice", POOL + "  serviceAllocation:\n    namespaces: [a, a]\n",
            "IPAddressPool/prod.spec.serviceAllocation.namespaces[1] \"a\": namespace listed twice"),
        row("a priority that is not a number", POOL + "  serviceAllocation:\n    priority: high\n",
            "IPAddressPool/prod.spec.serviceAllocation.priority: expected a whole number, got the string \"high\""),
        row("an unknown kind", "apiVersion: metallb.io/v1beta1\nkind: AddressPool\nmetadata: {name: old}\n",
            "AddressPool/old: apiVersion metallb.io/v1beta1 kind AddressPool is not a metallb.io configuration kind "
                + "(expected metallb.io/v1beta1 IPAddressPool, L2Advertisement, BGPAdvertisement, BFDProfile, Community "
                + "or BGPPeer, or metallb.io/v1beta2 BGPPeer)"),
        row("no apiVersion", "kind: IPAddressPool\nmetadata: {name: prod}\n", "IPAddressPool/prod: missing apiVersion or kind"),
        row("an L2Advertisement naming a missing pool", docs(POOL, object("L2Advertisement", "l2", "ipAddressPools: [dev]")),
            "L2Advertisement/l2.spec.ipAddressPools[0] \"dev\": no pool has this name"),
        row("a pool selector with values for Exists", docs(POOL, object("L2Advertisement", "l2",
                "ipAddressPoolSelectors:\n- matchExpressions:\n  - {key: zone, operator: DoesNotExist, values: [a]}")),
            "L2Advertisement/l2.spec.ipAddressPoolSelectors[0].matchExpressions[0].values: DoesNotExist takes no values"),
        row("an aggregation length of 0", docs(POOL, object("BGPAdvertisement", "adv", "aggregationLength: 0")),
            "BGPAdvertisement/adv.spec.aggregationLength \"0\": an IPv4 aggregation length must be between 1 and 32"),
        row("an IPv6 aggregation length shorter than the pool's prefix",
            docs(POOL.replace("192.0.2.0/28", "2001:db8::/64"), object("BGPAdvertisement", "adv", "aggregationLengthV6: 48")),
            "BGPAdvertisement/adv.spec.aggregationLengthV6 \"48\": aggregation length is shorter than the prefix /64 of "
                + "\"2001:db8::/64\" in pool \"prod\", so the aggregate would cover addresses outside the pool"),
        row("a BGPAdvertisement naming a missing peer", docs(POOL, object("BGPAdvertisement", "adv", "peers: [spine]")),
            "BGPAdvertisement/adv.spec.peers[0] \"spine\": no BGP peer has this name"),
        row("localPref as a string", docs(POOL, object("BGPAdvertisement", "adv", "localPref: \"100\"")),
            "BGPAdvertisement/adv.spec.localPref: expected a whole number, got the string \"100\""),
        row("a community alias defined twice",
            docs(object("Community", "a", "communities:\n- {name: x, value: \"1:1\"}"),
                object("Community", "b", "communities:\n- {name: x, value: \"1:2\"}")),
            "Community/b.spec.communities[0].name \"x\": community alias defined twice, also at "
                + "Community/a.spec.communities[0].name"),
        row("a Community value that is not one", object("Community", "a", "communities:\n- {name: x, value: \"1:2:3:4\"}"),
            "Community/a.spec.communities[0].value \"1:2:3:4\": malformed community: a large community is written "
                + "large:<number>:<number>:<number>"),
        row("a peer without myASN", object("BGPPeer", "r1", "peerASN: 64501\npeerAddress: 192.0.2.254"),
            "BGPPeer/r1.spec.myASN: missing required field"),
        row("a peer with both peerASN and dynamicASN", peer("dynamicASN: external"),
            "BGPPeer/r1.spec.dynamicASN: set peerASN or dynamicASN, not both"),
        row("an unknown dynamicASN", object("BGPPeer", "r1", "myASN: 64500\ndynamicASN: any\npeerAddress: 192.0.2.254"),
            "BGPPeer/r1.spec.dynamicASN \"any\": expected internal or external"),
        row("a port above the CRD's 16384", peer("peerPort: 20000"),
            "BGPPeer/r1.spec.peerPort \"20000\": a port must be between 0 and 16384"),
        row("a hold time of 1.5s", peer("holdTime: 1.5s"), "BGPPeer/r1.spec.holdTime \"1.5s\": hold time must be 0 or at least 3s"),
        row("a keepalive that makes the hold time 1s", peer("keepaliveTime: 500ms"),
            "BGPPeer/r1.spec.keepaliveTime \"500ms\": gives a hold time of 1s (three keepalives), which must be 0 or at least 3s"),
        row("a keepalive longer than the hold time", peer("holdTime: 9s\nkeepaliveTime: 10s"),
            "BGPPeer/r1.spec.keepaliveTime \"10s\": keepalive time must not be longer than the hold time (9s)"),
        row("a duration in an unknown unit", peer("holdTime: 2d"),
            "BGPPeer/r1.spec.holdTime \"2d\": unknown unit \"d\" in duration (use ns, us, ms, s, m or h)"),
        row("an unreadable hold time next to a keepalive", peer("holdTime: soon\nkeepaliveTime: 500ms"),
            "BGPPeer/r1.spec.holdTime \"soon\": not a duration (write it like 90s, 1m30s or 500ms)"),
        row("a connect time with a fraction", peer("connectTime: 1500ms"),
            "BGPPeer/r1.spec.connectTime \"1500ms\": connect time must be whole seconds"),
        row("a connect time of a day", peer("connectTime: 24h"),
            "BGPPeer/r1.spec.connectTime \"24h\": connect time must be between 1s and 65535s"),
        row("password and passwordSecret", peer("password: secret\npasswordSecret: {name: s, namespace: metallb-system}"),
            "BGPPeer/r1.spec.passwordSecret: set password or passwordSecret, not both"),
        row("a password with a line break", peer("password: \"a\\nb\""),
            "BGPPeer/r1.spec.password: the password contains a line break"),
        row("a source address that is not one", peer("sourceAddress: 192.0.2"),
            "BGPPeer/r1.spec.sourceAddress \"192.0.2\": an IPv4 address has 4 dot-separated numbers"),
        row("a peer naming a missing BFD profile", peer("bfdProfile: fast"),
            "BGPPeer/r1.spec.bfdProfile \"fast\": no BFD profile has this name"),
        row("a BFD minimum TTL of 255", object("BFDProfile", "fast", "minimumTtl: 255"),
            "BFDProfile/fast.spec.minimumTtl \"255\": a minimum TTL must be between 1 and 254"),
        row("a BFD echo interval as a string", object("BFDProfile", "fast", "echoInterval: fast"),
            "BFDProfile/fast.spec.echoInterval: expected a whole number, got the string \"fast\""),
        row("JSON with a syntax error", "{\"apiVersion\": \"metallb.io/v1beta1\", \"kind\": \"IPAddressPool\"",
            "documents: not valid YAML: line 1, column 61: expected ',' or '}', but got <stream end>"));
  }

  private static Arguments row(String story, String yaml, String... expected) {
    return Arguments.of(story, yaml, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reportsTheProblem(String story, String yaml, List<String> expected) {
    assertEquals(expected, problems(CrdConfigParser.parse(yaml)), story);
  }

  @Test
  void aHoldTimeUnderOneSecondRoundsToZeroAsInMetallb() {
    Config c = valid(CrdConfigParser.parse(peer("holdTime: 500ms")));
    assertEquals(Duration.ZERO, c.peer("r1").orElseThrow().holdTime());
  }
}
