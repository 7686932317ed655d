package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two spellings of the same fields: the custom resources' camelCase ({@code peerAddress}) and
 * the legacy ConfigMap's kebab-case ({@code peer-address}). Parsers name fields by their CRD name
 * and ask the dialect for the key to look up, so one parser reads both formats.
 */
enum Dialect {
  CRD, LEGACY;

  private static final Map<String, String> LEGACY_NAMES = Map.ofEntries(
      Map.entry("myASN", "my-asn"), Map.entry("peerASN", "peer-asn"), Map.entry("peerAddress", "peer-address"),
      Map.entry("sourceAddress", "source-address"), Map.entry("peerPort", "peer-port"),
      Map.entry("holdTime", "hold-time"), Map.entry("keepaliveTime", "keepalive-time"),
      Map.entry("routerID", "router-id"), Map.entry("nodeSelectors", "node-selectors"),
      Map.entry("bfdProfile", "bfd-profile"), Map.entry("ebgpMultiHop", "ebgp-multihop"),
      Map.entry("matchLabels", "match-labels"), Map.entry("matchExpressions", "match-expressions"),
      Map.entry("aggregationLength", "aggregation-length"), Map.entry("aggregationLengthV6", "aggregation-length-v6"),
      Map.entry("localPref", "localpref"), Map.entry("receiveInterval", "receive-interval"),
      Map.entry("transmitInterval", "transmit-interval"), Map.entry("detectMultiplier", "detect-multiplier"),
      Map.entry("echoInterval", "echo-interval"), Map.entry("echoMode", "echo-mode"),
      Map.entry("passiveMode", "passive-mode"), Map.entry("minimumTtl", "minimum-ttl"),
      Map.entry("autoAssign", "auto-assign"), Map.entry("avoidBuggyIPs", "avoid-buggy-ips"));

  /** The key of the field called {@code crdName} in the custom resources. */
  String key(String crdName) {
    return this == LEGACY ? LEGACY_NAMES.getOrDefault(crdName, crdName) : crdName;
  }

  /** The keys of several fields, in order. */
  List<String> keys(String... crdNames) {
    List<String> out = new ArrayList<>();
    for (String n : crdNames) {
      out.add(key(n));
    }
    return out;
  }
}
