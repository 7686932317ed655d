package io.baremetallb.announcer.l2;

import static io.baremetallb.announcer.l2.Frames.CLIENT_IP;
import static io.baremetallb.announcer.l2.Frames.CLIENT_MAC;
import static io.baremetallb.announcer.l2.Frames.FOREIGN_VIP;
import static io.baremetallb.announcer.l2.Frames.NODE_MAC;
import static io.baremetallb.announcer.l2.Frames.OTHER_MAC;
import static io.baremetallb.announcer.l2.Frames.VIP;
import static io.baremetallb.announcer.l2.Frames.arp;
import static io.baremetallb.announcer.l2.Frames.whoHas;
import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.l2.io.InMemoryFrameChannel;
import io.baremetallb.announcer.l2.wire.ArpOperation;
import io.baremetallb.announcer.l2.wire.ArpPacket;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.VlanTag;
import java.io.IOException;
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

class ArpResponderTest {
  private final InMemoryFrameChannel channel = new InMemoryFrameChannel("eth0", NODE_MAC);
  private final OwnedAddresses owned = new OwnedAddresses();
  private final Layer2Counters counters = new Layer2Counters();
  private final FrameResponder responder = new FrameResponder(channel, owned, counters);

  // 192.0.2.100 is-at 02:00:00:00:00:0b, to the client (RFC 826 reply, Ethernet II)
  static final byte[] IS_AT = bytes(
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // Ethernet destination: the requester
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // Ethernet source: the node's interface
      0x08, 0x06,                         // EtherType: ARP
      0x00, 0x01,                         // hardware type: Ethernet
      0x08, 0x00,                         // protocol type: IPv4
      6,                                  // hardware address length
      4,                                  // protocol address length
      0x00, 0x02,                         // operation: reply
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // sender hardware address: the node
      192, 0, 2, 100,                     // sender protocol address: the VIP
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // target hardware address: the requester
      192, 0, 2, 10);                     // target protocol address: the requester

  private Verdict handle(byte[] frame) throws IOException {
    channel.deliver(frame);
    return responder.pollOnce(Duration.ZERO).orElseThrow();
  }

  @Test
  void answersRequestForOwnedAddressWithInterfaceMac() throws IOException {
    owned.replace(Set.of(VIP));
    assertTrue(handle(whoHas(VIP)) instanceof Verdict.Answer);
    List<byte[]> sent = channel.takeSent();
    assertEquals(1, sent.size());
    assertArrayEquals(IS_AT, sent.get(0));
    assertEquals(1, counters.requestsReceived(VIP));
    assertEquals(1, counters.responsesSent(VIP));
  }

  @Test
  void answersUnicastRecheckOfACachedEntry() throws IOException {
    owned.replace(Set.of(VIP));
    byte[] unicast = arp(NODE_MAC, CLIENT_MAC,
        ArpPacket.of(ArpOperation.REQUEST, CLIENT_MAC, CLIENT_IP, NODE_MAC, VIP));
    assertTrue(handle(unicast) instanceof Verdict.Answer);
  }

  @Test
  void answersOnTheRequestersVlan() throws IOException {
    owned.replace(Set.of(VIP));
    ArpPacket request = ArpPacket.of(ArpOperation.REQUEST, CLIENT_MAC, CLIENT_IP, MacAddress.ZERO, VIP);
    Optional<VlanTag> vlan100 = Optional.of(new VlanTag(0, false, 100));
    handle(new EthernetFrame(MacAddress.BROADCAST, CLIENT_MAC, vlan100, EthernetFrame.ETHERTYPE_ARP,
        request.toBytes()).toBytes());
    assertEquals(vlan100, EthernetFrame.decode(ByteBuffer.wrap(channel.takeSent().get(0))).vlan());
  }

  @Test
  void stopsAnsweringAsSoonAsTheAddressIsReleased() throws IOException {
    owned.replace(Set.of(VIP));
    handle(whoHas(VIP));
    owned.replace(Set.of());
    assertEquals(new Verdict.Drop(DropReason.NOT_OUR_ADDRESS), handle(whoHas(VIP)));
    assertEquals(1, channel.takeSent().size());
  }

  @Test
  void aFailedSendIsCountedAndTheLoopGoesOn() throws IOException {
    owned.replace(Set.of(VIP));
    channel.failSends(new IOException("ENETDOWN"));
    assertEquals(new Verdict.Drop(DropReason.SEND_FAILED), handle(whoHas(VIP)));
    assertEquals(1, counters.requestsReceived(VIP));
    assertEquals(0, counters.responsesSent(VIP));
    assertEquals(1, counters.drops(DropReason.SEND_FAILED));
  }

  @Test
  void nothingReceivedIsNoVerdict() throws IOException {
    assertEquals(Optional.empty(), responder.pollOnce(Duration.ofMillis(1)));
  }

  static Stream<Arguments> drops() {
    byte[] ieee802 = whoHas(VIP);
    ieee802[15] = 6; // ARP hardware type 6
    byte[] ipx = whoHas(VIP);
    ipx[16] = (byte) 0x81; // protocol type 0x8137
    ipx[17] = 0x37;
    return Stream.of(
        Arguments.of("a reply from another node is not a question",
            arp(MacAddress.BROADCAST, OTHER_MAC,
                ArpPacket.of(ArpOperation.REPLY, OTHER_MAC, VIP, CLIENT_MAC, CLIENT_IP)),
            DropReason.ARP_REPLY),
        Arguments.of("a request for an address we do not own",
            whoHas(FOREIGN_VIP), DropReason.NOT_OUR_ADDRESS),
        Arguments.of("our own request, seen by the socket",
            arp(MacAddress.BROADCAST, NODE_MAC,
                ArpPacket.of(ArpOperation.REQUEST, NODE_MAC, VIP, MacAddress.ZERO, CLIENT_IP)),
            DropReason.OWN_FRAME),
        Arguments.of("a request unicast to another station",
            arp(OTHER_MAC, CLIENT_MAC,
                ArpPacket.of(ArpOperation.REQUEST, CLIENT_MAC, CLIENT_IP, OTHER_MAC, VIP)),
            DropReason.ETHERNET_DESTINATION),
        Arguments.of("another node announcing the VIP with a gratuitous request",
            arp(MacAddress.BROADCAST, OTHER_MAC, ArpPacket.gratuitousRequest(OTHER_MAC, VIP)),
            DropReason.ARP_GRATUITOUS),
        Arguments.of("hardware type IEEE 802", ieee802, DropReason.ARP_HARDWARE_TYPE),
        Arguments.of("protocol type IPX", ipx, DropReason.ARP_PROTOCOL_TYPE),
        Arguments.of("a request cut after the operation", Arrays.copyOf(whoHas(VIP), 22),
            DropReason.TRUNCATED),
        Arguments.of("a frame shorter than an Ethernet header", bytes(0xff, 0xff, 0xff),
            DropReason.TRUNCATED),
        Arguments.of("an IPv4 packet", EthernetFrame.of(NODE_MAC, CLIENT_MAC,
            EthernetFrame.ETHERTYPE_IPV4, new byte[20]).toBytes(), DropReason.NOT_ARP_OR_NDP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void dropsAndCountsByReason(String story, byte[] frame, DropReason reason) throws IOException {
    owned.replace(Set.of(VIP));
    assertEquals(new Verdict.Drop(reason), handle(frame));
    assertEquals(List.of(), channel.takeSent());
    assertEquals(1, counters.drops(reason));
    assertEquals(0, counters.requestsReceived(VIP));
  }
}
