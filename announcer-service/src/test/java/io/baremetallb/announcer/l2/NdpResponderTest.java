package io.baremetallb.announcer.l2;

import static io.baremetallb.announcer.l2.Frames.CLIENT_LL;
import static io.baremetallb.announcer.l2.Frames.CLIENT_MAC;
import static io.baremetallb.announcer.l2.Frames.NODE_MAC;
import static io.baremetallb.announcer.l2.Frames.OTHER_MAC;
import static io.baremetallb.announcer.l2.Frames.VIP6;
import static io.baremetallb.announcer.l2.Frames.ipv6;
import static io.baremetallb.announcer.l2.Frames.solicit;
import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.l2.wire.TestBytes.ip6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.announcer.l2.io.InMemoryFrameChannel;
import io.baremetallb.announcer.l2.wire.Captures;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.Ipv6Header;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.NdpPacket;
import io.baremetallb.announcer.l2.wire.NeighborAdvertisement;
import io.baremetallb.announcer.l2.wire.NeighborSolicitation;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NdpResponderTest {
  private final InMemoryFrameChannel channel = new InMemoryFrameChannel("eth0", NODE_MAC);
  private final OwnedAddresses owned = new OwnedAddresses();
  private final Layer2Counters counters = new Layer2Counters();
  private final FrameResponder responder = new FrameResponder(channel, owned, counters);

  // `ndisc6 2001:db8::b eth0` from 02:00:00:00:00:0a, captured with tcpdump -xx (Linux 6.1)
  static final byte[] NDISC6_NS = concat(bytes(
      0x33, 0x33, 0xff, 0x00, 0x00, 0x0b, // Ethernet destination: solicited-node group
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // Ethernet source
      0x86, 0xdd),                        // EtherType: IPv6
      Captures.NS);

  // The Linux kernel's answer to it from 02:00:00:00:00:0b, same capture: we must send the same
  static final byte[] KERNEL_NA = concat(bytes(
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // Ethernet destination: the solicitor
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // Ethernet source
      0x86, 0xdd),                        // EtherType: IPv6
      Captures.NA);

  private Verdict handle(byte[] frame) throws IOException {
    channel.deliver(frame);
    return responder.pollOnce(Duration.ZERO).orElseThrow();
  }

  private NdpPacket onlySent() {
    List<byte[]> sent = channel.takeSent();
    assertEquals(1, sent.size());
    return NdpPacket.decode(EthernetFrame.decode(ByteBuffer.wrap(sent.get(0))).payloadBuffer());
  }

  @Test
  void answersASolicitationExactlyAsTheKernelDid() throws IOException {
    owned.replace(Set.of(ip6("2001:db8::b")));
    handle(NDISC6_NS);
    assertArrayEquals(KERNEL_NA, channel.takeSent().get(0));
    assertEquals(1, counters.requestsReceived(ip6("2001:db8::b")));
    assertEquals(1, counters.responsesSent(ip6("2001:db8::b")));
  }

  @Test
  void withoutSourceLinkLayerOptionAnswersTheEthernetSource() throws IOException {
    owned.replace(Set.of(VIP6));
    handle(ipv6(NODE_MAC, CLIENT_MAC, CLIENT_LL, VIP6, new NeighborSolicitation(VIP6, Optional.empty())));
    List<byte[]> sent = channel.takeSent();
    assertEquals(CLIENT_MAC, EthernetFrame.decode(ByteBuffer.wrap(sent.get(0))).destination());
  }

  @Test
  void defendsAgainstDuplicateAddressDetectionToAllNodes() throws IOException {
    owned.replace(Set.of(VIP6));
    Group g = new Group(Ipv6Addresses.solicitedNode(VIP6));
    handle(ipv6(g.mac, OTHER_MAC, Ipv6Addresses.UNSPECIFIED, g.ip,
        new NeighborSolicitation(VIP6, Optional.empty())));
    NdpPacket na = onlySent();
    assertEquals(Ipv6Addresses.ALL_NODES, na.header().destination());
    // RFC 4861 §7.2.4: S=0 when the solicitation came from ::, O=1 to claim the address
    assertEquals(new NeighborAdvertisement(false, false, true, VIP6, Optional.of(NODE_MAC)), na.message());
  }

  static Stream<Arguments> drops() {
    Group g = new Group(Ipv6Addresses.solicitedNode(VIP6));
    NeighborSolicitation ns = new NeighborSolicitation(VIP6, Optional.of(CLIENT_MAC));
    byte[] routed = solicit(VIP6);
    routed[14 + 7] = 64; // hop limit 64: crossed a router (checksum does not cover it)
    byte[] badSum = solicit(VIP6);
    badSum[14 + 42] ^= 0x55;
    return Stream.of(
        Arguments.of("a solicitation for an address we do not own",
            solicit(ip6("2001:db8::200")), DropReason.NOT_OUR_ADDRESS),
        Arguments.of("an advertisement from another node",
            ipv6(Ipv6Addresses.multicastMac(Ipv6Addresses.ALL_NODES), OTHER_MAC, VIP6,
                Ipv6Addresses.ALL_NODES, new NeighborAdvertisement(false, false, true, VIP6,
                    Optional.of(OTHER_MAC))), DropReason.NDP_NOT_SOLICITATION),
        Arguments.of("an ICMPv6 echo request", echoRequest(), DropReason.NDP_NOT_SOLICITATION),
        Arguments.of("our own solicitation", ipv6(g.mac, NODE_MAC, VIP6, g.ip, ns), DropReason.OWN_FRAME),
        Arguments.of("a solicitation unicast to another station",
            ipv6(OTHER_MAC, CLIENT_MAC, CLIENT_LL, VIP6, ns), DropReason.ETHERNET_DESTINATION),
        Arguments.of("a routed solicitation", routed, DropReason.NDP_HOP_LIMIT),
        Arguments.of("a solicitation with a wrong checksum", badSum, DropReason.BAD_CHECKSUM),
        Arguments.of("a DAD probe with a source link-layer option",
            ipv6(g.mac, OTHER_MAC, Ipv6Addresses.UNSPECIFIED, g.ip, ns), DropReason.NDP_INVALID),
        Arguments.of("a DAD probe not sent to the solicited-node group",
            ipv6(g.mac, OTHER_MAC, Ipv6Addresses.UNSPECIFIED, Ipv6Addresses.ALL_NODES,
                new NeighborSolicitation(VIP6, Optional.empty())), DropReason.NDP_INVALID),
        Arguments.of("a solicitation for a multicast target",
            ipv6(g.mac, CLIENT_MAC, CLIENT_LL, g.ip,
                new NeighborSolicitation(Ipv6Addresses.ALL_NODES, Optional.empty())),
            DropReason.NDP_INVALID),
        Arguments.of("a solicitation cut inside the target", Arrays.copyOf(solicit(VIP6), 14 + 50),
            DropReason.TRUNCATED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void dropsAndCountsByReason(String story, byte[] frame, DropReason reason) throws IOException {
    owned.replace(Set.of(VIP6));
    assertEquals(new Verdict.Drop(reason), handle(frame));
    assertEquals(List.of(), channel.takeSent());
    assertEquals(1, counters.drops(reason));
  }

  private static byte[] echoRequest() {
    // An ICMPv6 echo request (type 128) of 24 bytes, checksum irrelevant: the type decides first
    byte[] icmp = new byte[24];
    icmp[0] = (byte) 128;
    ByteBuffer ip = ByteBuffer.allocate(Ipv6Header.LENGTH + icmp.length);
    new Ipv6Header(0, 0, icmp.length, 58, 64, CLIENT_LL, VIP6).encode(ip);
    ip.put(icmp);
    return EthernetFrame.of(NODE_MAC, CLIENT_MAC, EthernetFrame.ETHERTYPE_IPV6, ip.array()).toBytes();
  }

  /** A multicast group and the MAC it travels to. */
  private static final class Group {
    final Inet6Address ip;
    final MacAddress mac;

    Group(Inet6Address ip) {
      this.ip = ip;
      this.mac = Ipv6Addresses.multicastMac(ip);
    }
  }
}
