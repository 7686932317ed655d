package io.baremetallb.config;

import static io.baremetallb.config.ConfigFixtures.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The document's ConfigMap, broken one way per row: each row names the exact problem reported. */
class LegacyProblemsTest {

  /** The document's pool with {@code addresses} replaced. */
  static String pool(String... addresses) {
    StringBuilder b = new StringBuilder("address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n");
    for (String a : addresses) {
      b.append("  - ").append(a).append('\n');
    }
    return b.toString();
  }

  /** The document's pool as a BGP pool with one advertisement made of {@code lines}. */
  static String bgpPool(String... lines) {
    return "address-pools:\n- name: my-ip-space\n  protocol: bgp\n  addresses:\n  - 192.168.5.5-192.168.5.9\n"
        + "  bgp-advertisements:\n  - " + String.join("\n    ", lines) + "\n";
  }

  /** The document's pool plus one peer made of {@code lines}. */
  static String peer(String... lines) {
    return ConfigFixtures.DOCUMENT_CONFIG + "peers:\n- " + String.join("\n  ", lines) + "\n";
  }

  static String minimalPeer(String... more) {
    String[] all = new String[3 + more.length];
    all[0] = "peer-address: 10.0.0.1";
    all[1] = "peer-asn: 64501";
    all[2] = "my-asn: 64500";
    System.arraycopy(more, 0, all, 3, more.length);
    return peer(all);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("a range that ends before it starts", pool("192.168.5.9-192.168.5.5"),
            "address-pools[0].addresses[0] \"192.168.5.9-192.168.5.5\": range ends before it starts"),
        row("a prefix longer than the address", pool("192.168.5.0/33"),
            "address-pools[0].addresses[0] \"192.168.5.0/33\": prefix length 33 is longer than 32 bits"),
        row("an octet above 255", pool("192.168.5.5-192.168.5.256"),
            "address-pools[0].addresses[0] \"192.168.5.256\": 256 is larger than 255"),
        row("IPv4 and IPv6 in one range", pool("192.168.5.5-2001:db8::9"),
            "address-pools[0].addresses[0] \"192.168.5.5-2001:db8::9\": range mixes IPv4 and IPv6"),
        row("a bare address", pool("192.168.5.5"),
            "address-pools[0].addresses[0] \"192.168.5.5\": expected a CIDR (192.0.2.0/24) or a range (192.0.2.5-192.0.2.9)"),
        row("two entries of one pool overlap", pool("192.168.5.5-192.168.5.9", "192.168.5.8/30"),
            "address-pools[0].addresses[1] \"192.168.5.8/30\": overlaps \"192.168.5.5-192.168.5.9\" of the same pool "
                + "(address-pools[0].addresses[0])"),
        row("two pools overlap", ConfigFixtures.DOCUMENT_CONFIG
                + "- name: other\n  protocol: layer2\n  addresses:\n  - 192.168.5.0/29\n",
            "address-pools[1].addresses[0] \"192.168.5.0/29\": overlaps \"192.168.5.5-192.168.5.9\" of pool "
                + "\"my-ip-space\" (address-pools[0].addresses[0])"),
        row("two pools with one name", ConfigFixtures.DOCUMENT_CONFIG
                + "- name: my-ip-space\n  protocol: layer2\n  addresses:\n  - 192.168.6.0/29\n",
            "address-pools[1].name \"my-ip-space\": duplicate pool name, also at address-pools[0].name"),
        row("a pool without a name", "address-pools:\n- protocol: layer2\n  addresses: [192.168.5.5-192.168.5.9]\n",
            "address-pools[0].name: missing required field"),
        row("a pool without a protocol", "address-pools:\n- name: my-ip-space\n  addresses: [192.168.5.0/29]\n",
            "address-pools[0].protocol: missing required field"),
        row("an unknown protocol", ConfigFixtures.DOCUMENT_CONFIG.replace("layer2", "arp"),
            "address-pools[0].protocol \"arp\": unknown protocol, expected layer2 or bgp"),
        row("a pool without addresses", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n",
            "address-pools[0].addresses: missing required field"),
        row("a pool with an empty address list", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses: []\n",
            "address-pools[0].addresses: a pool needs at least one CIDR or range"),
        row("a misspelt key", ConfigFixtures.DOCUMENT_CONFIG.replace("protocol:", "protocl: layer2\n  protocol:"),
            "address-pools[0].protocl: unknown field (expected one of: name, protocol, addresses, auto-assign, "
                + "avoid-buggy-ips, bgp-advertisements)"),
        row("an unknown top-level key", ConfigFixtures.DOCUMENT_CONFIG + "pools: []\n",
            "pools: unknown field (expected one of: peers, bgp-communities, address-pools, bfd-profiles)"),
        row("auto-assign as a quoted string", ConfigFixtures.DOCUMENT_CONFIG + "  auto-assign: \"yes\"\n",
            "address-pools[0].auto-assign: expected true or false, got the string \"yes\""),
        row("addresses as one string", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses: 192.168.5.5-192.168.5.9\n",
            "address-pools[0].addresses: expected a list, got the string \"192.168.5.5-192.168.5.9\""),
        row("bgp-advertisements in a layer2 pool", ConfigFixtures.DOCUMENT_CONFIG + "  bgp-advertisements:\n  - localpref: 100\n",
            "address-pools[0].bgp-advertisements: allowed only in a pool with protocol bgp"),
        row("an aggregation length shorter than the pool's prefix", bgpPool("aggregation-length: 30"),
            "address-pools[0].bgp-advertisements[0].aggregation-length \"30\": aggregation length is shorter than the "
                + "prefix /31 of \"192.168.5.5-192.168.5.9\" in pool \"my-ip-space\", so the aggregate would cover "
                + "addresses outside the pool"),
        row("an aggregation length above 32", bgpPool("aggregation-length: 33"),
            "address-pools[0].bgp-advertisements[0].aggregation-length \"33\": an IPv4 aggregation length must be "
                + "between 0 and 32"),
        row("an IPv6 aggregation length above 128", bgpPool("aggregation-length-v6: 129"),
            "address-pools[0].bgp-advertisements[0].aggregation-length-v6 \"129\": an IPv6 aggregation length must be "
                + "between 0 and 128"),
        row("an unknown community alias", bgpPool("communities: [no-advertise]"),
            "address-pools[0].bgp-advertisements[0].communities[0] \"no-advertise\": unknown community alias (not a value "
                + "like 65535:65282 or large:1:2:3, and no bgp-communities entry or Community alias has this name)"),
        row("a community number above 65535", bgpPool("communities: [\"65536:1\"]"),
            "address-pools[0].bgp-advertisements[0].communities[0] \"65536:1\": malformed community: 65536 is larger than 65535"),
        row("a large community without its marker", bgpPool("communities: [\"big:1:2:3\"]"),
            "address-pools[0].bgp-advertisements[0].communities[0] \"big:1:2:3\": malformed community: a large community "
                + "is written large:<number>:<number>:<number>"),
        row("a community listed twice", bgpPool("communities: [\"65535:65282\", \"65535:65282\"]"),
            "address-pools[0].bgp-advertisements[0].communities[1] \"65535:65282\": community listed twice"),
        row("a malformed bgp-communities value", bgpPool("communities: [bar]") + "bgp-communities:\n  bar: \"1:2:3\"\n",
            "bgp-communities.bar \"1:2:3\": malformed community: a community is written <0-65535>:<0-65535> or "
                + "large:<number>:<number>:<number>"),
        row("a negative local preference", bgpPool("localpref: -1"),
            "address-pools[0].bgp-advertisements[0].localpref \"-1\": a local preference must be between 0 and 4294967295"),
        row("two advertisements of one pool with different local preferences",
            bgpPool("localpref: 100", "- localpref: 200").replace("\n    - localpref: 200", "\n  - localpref: 200"),
            "address-pools[0].bgp-advertisements[1].localpref \"200\": local preference differs from 100 of "
                + "address-pools[0].bgp-advertisements[0] for the same prefixes of pool \"my-ip-space\" sent to the same "
                + "peers from the same nodes"),
        row("my-asn 0", peer("peer-address: 10.0.0.1", "peer-asn: 64501", "my-asn: 0"),
            "peers[0].my-asn \"0\": an AS number must be between 1 and 4294967295"),
        row("a peer AS number above 32 bits", peer("peer-address: 10.0.0.1", "peer-asn: 4294967296", "my-asn: 64500"),
            "peers[0].peer-asn \"4294967296\": an AS number must be between 1 and 4294967295"),
        row("a peer without my-asn", peer("peer-address: 10.0.0.1", "peer-asn: 64501"),
            "peers[0].my-asn: missing required field"),
        row("a peer without peer-asn", peer("peer-address: 10.0.0.1", "my-asn: 64500"),
            "peers[0].peer-asn: missing required field"),
        row("a peer without an address", peer("peer-asn: 64501", "my-asn: 64500"),
            "peers[0].peer-address: missing required field"),
        row("a peer address that is a name", minimalPeer().replace("10.0.0.1", "router.example"),
            "peers[0].peer-address \"router.example\": an IPv4 address has 4 dot-separated numbers"),
        row("a hold time of 2s", minimalPeer("hold-time: 2s"),
            "peers[0].hold-time \"2s\": hold time must be 0 or at least 3s"),
        row("a hold time without unit", minimalPeer("hold-time: \"90\""),
            "peers[0].hold-time \"90\": missing unit in duration (write it like 90s)"),
        row("a keepalive longer than the hold time", minimalPeer("hold-time: 30s", "keepalive-time: 31s"),
            "peers[0].keepalive-time \"31s\": keepalive time must not be longer than the hold time (30s)"),
        row("a port above 65535", minimalPeer("peer-port: 70000"),
            "peers[0].peer-port \"70000\": a port must be between 0 and 65535"),
        row("an IPv6 router ID", minimalPeer("router-id: \"2001:db8::1\""),
            "peers[0].router-id \"2001:db8::1\": a BGP router ID is an IPv4 address (RFC 4271: 4 octets)"),
        row("multi-hop eBGP to an iBGP peer", peer("peer-address: 10.0.0.1", "peer-asn: 64500", "my-asn: 64500",
                "ebgp-multihop: true"),
            "peers[0].ebgp-multihop: an iBGP peer (peer AS equal to my AS) cannot be multi-hop eBGP"),
        row("a selector with an unknown operator", minimalPeer("node-selectors:", "- match-expressions:",
                "  - {key: rack, operator: Equals, values: [a]}"),
            "peers[0].node-selectors[0].match-expressions[0].operator \"Equals\": unknown operator, expected In, NotIn, "
                + "Exists or DoesNotExist"),
        row("Exists with values", minimalPeer("node-selectors:", "- match-expressions:",
                "  - {key: rack, operator: Exists, values: [a]}"),
            "peers[0].node-selectors[0].match-expressions[0].values: Exists takes no values"),
        row("In without values", minimalPeer("node-selectors:", "- match-expressions:", "  - {key: rack, operator: In}"),
            "peers[0].node-selectors[0].match-expressions[0].values: In needs at least one value"),
        row("an invalid label key", minimalPeer("node-selectors:", "- match-labels:", "    -rack: a"),
            "peers[0].node-selectors[0].match-labels.-rack \"-rack\": not a valid label key (an optional DNS prefix "
                + "and \"/\", then at most 63 letters, digits, \"-\", \"_\" or \".\", starting and ending with a letter or digit)"),
        row("the same selector twice", minimalPeer("node-selectors:", "- match-labels: {rack: a}", "- match-labels: {rack: a}"),
            "peers[0].node-selectors[1]: duplicate of node-selectors[0]"),
        row("the same router twice", minimalPeer() + "- peer-address: 10.0.0.1\n  peer-asn: 64502\n  my-asn: 64500\n",
            "peers[1]: peers with 10.0.0.1 from the same nodes as peers[0]; one session per router and node"),
        row("a BFD profile that does not exist", minimalPeer("bfd-profile: fast"),
            "peers[0].bfd-profile \"fast\": no BFD profile has this name"),
        row("a BFD receive interval below 10 ms", ConfigFixtures.DOCUMENT_CONFIG
                + "bfd-profiles:\n- name: fast\n  receive-interval: 5\n",
            "bfd-profiles[0].receive-interval \"5\": a receive interval (ms) must be between 10 and 60000"),
        row("a BFD detect multiplier of 1", ConfigFixtures.DOCUMENT_CONFIG
                + "bfd-profiles:\n- name: fast\n  detect-multiplier: 1\n",
            "bfd-profiles[0].detect-multiplier \"1\": a detect multiplier must be between 2 and 255"),
        row("BFD echo mode towards an IPv6 pool", "address-pools:\n- name: v6\n  protocol: bgp\n  addresses: [\"2001:db8::/120\"]\n"
                + "bfd-profiles:\n- name: echo\n  echo-mode: true\n"
                + "peers:\n- {peer-address: 10.0.0.1, peer-asn: 64501, my-asn: 64500, bfd-profile: echo}\n",
            "address-pools[0]: advertises IPv6 addresses to peer \"peer1\", whose BFD profile \"echo\" has echo mode on, "
                + "which works only with IPv4"),
        row("text that is not YAML", "address-pools:\n- name: [unclosed\n",
            "config: not valid YAML: line 3, column 1: expected ',' or ']', but got <stream end>"),
        row("a list at the top", "- address-pools\n",
            "config: expected a mapping with address-pools, peers, bgp-communities or bfd-profiles, got a list"));
  }

  private static Arguments row(String story, String yaml, String... expected) {
    return Arguments.of(story, yaml, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void reportsTheProblem(String story, String yaml, List<String> expected) {
    assertEquals(expected, problems(LegacyConfigParser.parse(yaml)), story);
  }
}
