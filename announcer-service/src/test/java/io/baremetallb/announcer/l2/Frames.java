package io.baremetallb.announcer.l2;

import static io.baremetallb.announcer.l2.wire.TestBytes.ip4;
import static io.baremetallb.announcer.l2.wire.TestBytes.ip6;
import static io.baremetallb.announcer.l2.wire.TestBytes.mac;

import io.baremetallb.announcer.l2.wire.ArpOperation;
import io.baremetallb.announcer.l2.wire.ArpPacket;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.NdpMessage;
import io.baremetallb.announcer.l2.wire.NdpPacket;
import io.baremetallb.announcer.l2.wire.NeighborSolicitation;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;

/** The cast of the responder tests: a node, a client, an owned VIP and a foreign one. */
final class Frames {
  static final MacAddress NODE_MAC = mac("02:00:00:00:00:0b");
  static final MacAddress CLIENT_MAC = mac("02:00:00:00:00:0a");
  static final MacAddress OTHER_MAC = mac("02:00:00:00:00:0c");
  static final Inet4Address CLIENT_IP = ip4("192.0.2.10");
  static final Inet4Address VIP = ip4("192.0.2.100");
  static final Inet4Address FOREIGN_VIP = ip4("192.0.2.200");
  static final Inet6Address CLIENT_LL = ip6("fe80::ff:fe00:a");
  static final Inet6Address VIP6 = ip6("2001:db8::100");

  private Frames() {
  }

  static byte[] arp(MacAddress ethDst, MacAddress ethSrc, ArpPacket p) {
    return EthernetFrame.of(ethDst, ethSrc, EthernetFrame.ETHERTYPE_ARP, p.toBytes()).toBytes();
  }

  /** who-has {@code target} tell the client, broadcast. */
  static byte[] whoHas(Inet4Address target) {
    return arp(MacAddress.BROADCAST, CLIENT_MAC, ArpPacket.of(ArpOperation.REQUEST, CLIENT_MAC,
        CLIENT_IP, MacAddress.ZERO, target));
  }

  static byte[] ipv6(MacAddress ethDst, MacAddress ethSrc, NdpPacket p) {
    return EthernetFrame.of(ethDst, ethSrc, EthernetFrame.ETHERTYPE_IPV6, p.toBytes()).toBytes();
  }

  static byte[] ipv6(MacAddress ethDst, MacAddress ethSrc, Inet6Address src, Inet6Address dst, NdpMessage m) {
    return ipv6(ethDst, ethSrc, NdpPacket.of(src, dst, m));
  }

  /** The client's solicitation for {@code target}, to its solicited-node group. */
  static byte[] solicit(Inet6Address target) {
    Inet6Address group = Ipv6Addresses.solicitedNode(target);
    return ipv6(Ipv6Addresses.multicastMac(group), CLIENT_MAC, CLIENT_LL, group,
        new NeighborSolicitation(target, Optional.of(CLIENT_MAC)));
  }
}
