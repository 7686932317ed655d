package io.baremetallb.config;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpFormatException;
import io.baremetallb.model.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads BGP peers and BFD profiles, in either dialect, with MetalLB's checks on each. */
final class PeerReader {
  static final long MAX_ASN = 0xFFFF_FFFFL;
  /** BGPPeer v1beta1 fields, which are also the legacy {@code peers} fields (in legacy spelling). */
  static final List<String> V1BETA1_FIELDS = List.of("myASN", "peerASN", "peerAddress", "sourceAddress", "peerPort",
      "holdTime", "keepaliveTime", "routerID", "nodeSelectors", "password", "bfdProfile", "ebgpMultiHop");
  static final List<String> V1BETA2_FIELDS = List.of("myASN", "peerASN", "dynamicASN", "peerAddress", "sourceAddress",
      "peerPort", "holdTime", "keepaliveTime", "connectTime", "routerID", "nodeSelectors", "password",
      "passwordSecret", "bfdProfile", "enableGracefulRestart", "ebgpMultiHop", "vrf", "disableMP");
  static final List<String> BFD_FIELDS = List.of("receiveInterval", "transmitInterval", "detectMultiplier",
      "echoInterval", "echoMode", "passiveMode", "minimumTtl");

  private PeerReader() {}

  static Resources.Peer peer(Fields f, Resources.Ref name, Dialect d) {
    Problems p = f.problems();
    int before = p.size();
    Long myAsn = asn(f, d.key("myASN"), true);
    Long peerAsn = asn(f, d.key("peerASN"), false);
    BgpPeer.DynamicAsn dynamic = dynamicAsn(f, d);
    Boolean multiHop = f.bool(d.key("ebgpMultiHop"));
    if (Boolean.TRUE.equals(multiHop) && peerAsn != null && peerAsn.equals(myAsn)) {
      p.add(f.at(d.key("ebgpMultiHop")), "an iBGP peer (peer AS equal to my AS) cannot be multi-hop eBGP");
    }
    IpAddress address = address(f, d.key("peerAddress"), true);
    IpAddress source = address(f, d.key("sourceAddress"), false);
    IpAddress routerId = address(f, d.key("routerID"), false);
    if (routerId != null && routerId.family() != IpFamily.IPV4) {
      p.value(f.at(d.key("routerID")), routerId, "a BGP router ID is an IPv4 address (RFC 4271: 4 octets)");
    }
    Long port = f.integer(d.key("peerPort"), 0, d == Dialect.CRD ? 16384 : 65535, "a port");
    Duration[] timers = Timers.holdAndKeepalive(f, d);
    Duration connect = Timers.connectTime(f);
    List<LabelSelector> nodes = Selectors.list(f, "nodeSelectors", d);
    String password = noLineBreak(f, "password", "password");
    BgpPeer.SecretRef secret = secret(f, password);
    String bfd = f.string(d.key("bfdProfile"));
    Boolean gr = f.bool("enableGracefulRestart");
    String vrf = noLineBreak(f, "vrf", "VRF name");
    Boolean disableMp = f.bool("disableMP");
    Resources.Ref bfdRef = bfd == null || bfd.isEmpty() ? null : new Resources.Ref(f.at(d.key("bfdProfile")), bfd);
    if (p.size() > before || name.name() == null) {
      return new Resources.Peer(f.path(), name, null, bfdRef);
    }
    BgpPeer peer = new BgpPeer(name.name(), myAsn,
        peerAsn == null ? OptionalLong.empty() : OptionalLong.of(peerAsn), Optional.ofNullable(dynamic), address,
        Optional.ofNullable(source), port == null || port == 0 ? BgpPeer.DEFAULT_PORT : port.intValue(),
        timers[0], timers[1], Optional.ofNullable(connect), Optional.ofNullable(routerId), nodes,
        password == null ? "" : password, Optional.ofNullable(secret), Optional.ofNullable(bfdRef).map(Resources.Ref::name),
        Boolean.TRUE.equals(multiHop), Boolean.TRUE.equals(gr), vrf == null ? "" : vrf, Boolean.TRUE.equals(disableMp));
    return new Resources.Peer(f.path(), name, peer, bfdRef);
  }

  private static Long asn(Fields f, String key, boolean required) {
    if (required && !f.has(key)) {
      f.problems().add(f.at(key), "missing required field");
      return null;
    }
    return f.integer(key, 1, MAX_ASN, "an AS number");
  }

  private static BgpPeer.DynamicAsn dynamicAsn(Fields f, Dialect d) {
    String asnKey = d.key("peerASN");
    boolean asnWritten = f.has(asnKey);
    String s = f.string("dynamicASN");
    if (s == null || s.isEmpty()) {
      if (!asnWritten) {
        f.problems().add(f.at(asnKey), "missing required field");
      }
      return null;
    }
    if (asnWritten) {
      f.problems().add(f.at("dynamicASN"), "set peerASN or dynamicASN, not both");
    }
    for (BgpPeer.DynamicAsn a : BgpPeer.DynamicAsn.values()) {
      if (a.apiName().equals(s)) {
        return a;
      }
    }
    f.problems().value(f.at("dynamicASN"), s, "expected internal or external");
    return null;
  }

  private static IpAddress address(Fields f, String key, boolean required) {
    String s = required ? f.requiredString(key) : f.string(key);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return IpAddress.parse(s.trim());
    } catch (IpFormatException e) {
      f.problems().add(f.at(key), e.getMessage());
      return null;
    }
  }

  /** MetalLB refuses line breaks in values it writes into FRR's configuration. */
  private static String noLineBreak(Fields f, String key, String what) {
    String s = f.string(key);
    if (s != null && (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
      f.problems().add(f.at(key), "the " + what + " contains a line break");
      return null;
    }
    return s;
  }

  private static BgpPeer.SecretRef secret(Fields f, String password) {
    Fields s = f.object("passwordSecret", List.of("name", "namespace"));
    if (s == null) {
      return null;
    }
    String name = s.string("name");
    String namespace = s.string("namespace");
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (password != null && !password.isEmpty()) {
      f.problems().add(f.at("passwordSecret"), "set password or passwordSecret, not both");
    }
    return new BgpPeer.SecretRef(name, namespace == null ? "" : namespace);
  }

  static Resources.Bfd bfd(Fields f, Resources.Ref name, Dialect d) {
    Problems p = f.problems();
    int before = p.size();
    Long rx = f.integer(d.key("receiveInterval"), 10, 60000, "a receive interval (ms)");
    Long tx = f.integer(d.key("transmitInterval"), 10, 60000, "a transmit interval (ms)");
    Long mult = f.integer(d.key("detectMultiplier"), 2, 255, "a detect multiplier");
    Long echo = f.integer(d.key("echoInterval"), 10, 60000, "an echo interval (ms)");
    Boolean echoMode = f.bool(d.key("echoMode"));
    Boolean passive = f.bool(d.key("passiveMode"));
    Long ttl = f.integer(d.key("minimumTtl"), 1, 254, "a minimum TTL");
    if (p.size() > before || name.name() == null) {
      return new Resources.Bfd(f.path(), name, null);
    }
    return new Resources.Bfd(f.path(), name, new BfdProfile(name.name(),
        or(rx, BfdProfile.DEFAULT_RECEIVE_INTERVAL), or(tx, BfdProfile.DEFAULT_TRANSMIT_INTERVAL),
        or(mult, BfdProfile.DEFAULT_DETECT_MULTIPLIER), or(echo, BfdProfile.DEFAULT_ECHO_INTERVAL),
        Boolean.TRUE.equals(echoMode), Boolean.TRUE.equals(passive), or(ttl, BfdProfile.DEFAULT_MINIMUM_TTL)));
  }

  private static int or(Long v, int dflt) {
    return v == null ? dflt : v.intValue();
  }
}
