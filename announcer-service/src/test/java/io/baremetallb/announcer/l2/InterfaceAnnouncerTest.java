package io.baremetallb.announcer.l2;

import static io.baremetallb.announcer.l2.Frames.NODE_MAC;
import static io.baremetallb.announcer.l2.Frames.VIP;
import static io.baremetallb.announcer.l2.Frames.VIP6;
import static io.baremetallb.announcer.l2.Frames.solicit;
import static io.baremetallb.announcer.l2.Frames.whoHas;
import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.ip4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.l2.io.InMemoryFrameChannel;
import io.baremetallb.announcer.l2.wire.ArpPacket;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.NdpPacket;
import io.baremetallb.announcer.l2.wire.NeighborAdvertisement;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterfaceAnnouncerTest {
  private final InMemoryFrameChannel channel = new InMemoryFrameChannel("eth0", NODE_MAC);
  private final Layer2Counters counters = new Layer2Counters();
  private final ManualScheduler clock = new ManualScheduler();
  private final InterfaceAnnouncer announcer = new InterfaceAnnouncer(channel, counters, clock,
      GratuitousAnnouncer.Schedule.DEFAULT);

  // Gratuitous ARP request for 192.0.2.100 from the new owner (RFC 5227 §3 announcement)
  static final byte[] GRATUITOUS_ARP = bytes(
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // Ethernet destination: broadcast
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // Ethernet source: the new owner
      0x08, 0x06,                         // EtherType: ARP
      0x00, 0x01,                         // hardware type: Ethernet
      0x08, 0x00,                         // protocol type: IPv4
      6,                                  // hardware address length
      4,                                  // protocol address length
      0x00, 0x01,                         // operation: REQUEST (Linux ignores replies inside locktime)
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // sender hardware address: the new owner
      192, 0, 2, 100,                     // sender protocol address: the VIP
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target hardware address: zero
      192, 0, 2, 100);                    // target protocol address: the VIP

  private Verdict handle(byte[] frame) throws IOException {
    channel.deliver(frame);
    return announcer.responder().pollOnce(Duration.ZERO).orElseThrow();
  }

  @Test
  void gainingAnIpv4AddressSendsABurstOfGratuitousRequestsAtOnce() {
    announcer.setOwned(Set.of(VIP));
    List<byte[]> sent = channel.takeSent();
    assertEquals(3, sent.size());
    sent.forEach(f -> assertArrayEquals(GRATUITOUS_ARP, f));
    assertEquals(3, counters.gratuitousSent(VIP));
  }

  @Test
  void repeatsAFewTimesOverTheNextSecondsThenStops() {
    announcer.setOwned(Set.of(VIP));
    channel.takeSent();
    clock.advance(Duration.ofMillis(249));
    assertEquals(0, channel.takeSent().size());
    clock.advance(Duration.ofMillis(1));
    assertEquals(1, channel.takeSent().size());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(3, channel.takeSent().size());
    assertEquals(0, clock.pending());
    assertEquals(7, counters.gratuitousSent(VIP));
  }

  @Test
  void gainingAnIpv6AddressSendsUnsolicitedOverrideAdvertisementsToAllNodes() {
    announcer.setOwned(Set.of(VIP6));
    List<byte[]> sent = channel.takeSent();
    assertEquals(3, sent.size());
    EthernetFrame eth = EthernetFrame.decode(ByteBuffer.wrap(sent.get(0)));
    assertEquals(MacAddress.parse("33:33:00:00:00:01"), eth.destination());
    NdpPacket na = NdpPacket.decode(eth.payloadBuffer());
    assertEquals(Ipv6Addresses.ALL_NODES, na.header().destination());
    assertEquals(255, na.header().hopLimit());
    // O=1 so Linux replaces the cached MAC; S=0 because nobody asked (RFC 4861 §7.2.6)
    assertEquals(new NeighborAdvertisement(false, false, true, VIP6, Optional.of(NODE_MAC)), na.message());
  }

  @Test
  void joinsTheSolicitedNodeGroupOfAnIpv6AddressWhileOwningIt() throws IOException {
    announcer.setOwned(Set.of(VIP6));
    MacAddress group = MacAddress.parse("33:33:ff:00:01:00");
    assertEquals(Map.of(group, 1), channel.memberships());
    channel.takeSent();
    assertTrue(handle(solicit(VIP6)) instanceof Verdict.Answer);
    announcer.setOwned(Set.of());
    assertEquals(Map.of(), channel.memberships());
  }

  @Test
  void losingAnAddressStopsAnsweringAtOnceAndCancelsItsRepeats() throws IOException {
    announcer.setOwned(Set.of(VIP, VIP6));
    channel.takeSent();
    announcer.setOwned(Set.of());
    assertEquals(0, clock.pending());
    assertEquals(new Verdict.Drop(DropReason.NOT_OUR_ADDRESS), handle(whoHas(VIP)));
    assertEquals(new Verdict.Drop(DropReason.NOT_OUR_ADDRESS), handle(solicit(VIP6)));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of(), channel.takeSent());
  }

  @Test
  void addressesGainedTogetherTakeTurnsInTheBurst() {
    InetAddress vip2 = ip4("192.0.2.101");
    announcer.setOwned(Set.of(VIP, vip2, VIP6));
    List<byte[]> sent = channel.takeSent();
    assertEquals(9, sent.size());
    // The first round has one frame for each address, so the last address does not wait
    // behind every other address's whole burst.
    assertEquals(Set.of(VIP, vip2, VIP6), Set.of(announced(sent.get(0)), announced(sent.get(1)),
        announced(sent.get(2))));
    assertEquals(4, clock.pending(), "one task per repeat time for the whole batch");
  }

  @Test
  void losingOneAddressOfABatchKeepsRepeatingTheOthers() {
    InetAddress vip2 = ip4("192.0.2.101");
    announcer.setOwned(Set.of(VIP, vip2));
    announcer.setOwned(Set.of(vip2));
    channel.takeSent();
    clock.advance(Duration.ofSeconds(10));
    List<byte[]> repeats = channel.takeSent();
    assertEquals(4, repeats.size());
    repeats.forEach(f -> assertEquals(vip2, announced(f)));
    announcer.setOwned(Set.of());
    assertEquals(0, clock.pending());
  }

  /** The address a gratuitous frame announces. */
  private static InetAddress announced(byte[] frame) {
    EthernetFrame eth = EthernetFrame.decode(ByteBuffer.wrap(frame));
    return eth.etherType() == EthernetFrame.ETHERTYPE_ARP
        ? ArpPacket.decode(eth.payloadBuffer()).targetProtocolAddress()
        : NdpPacket.decode(eth.payloadBuffer()).message().target();
  }

  @Test
  void keepingAnAddressDoesNotAnnounceItAgain() {
    announcer.setOwned(Set.of(VIP));
    channel.takeSent();
    announcer.setOwned(Set.of(VIP, ip4("192.0.2.101")));
    assertEquals(3, channel.takeSent().size());
    assertEquals(3, counters.gratuitousSent(VIP));
    assertEquals(3, counters.gratuitousSent(ip4("192.0.2.101")));
  }

  @Test
  void regainingAnAddressAnnouncesItAfresh() {
    announcer.setOwned(Set.of(VIP));
    announcer.setOwned(Set.of());
    announcer.setOwned(Set.of(VIP));
    assertEquals(6, channel.takeSent().size());
    assertEquals(4, clock.pending());
  }

  @Test
  void aFailedGratuitousSendIsNotCounted() {
    channel.failSends(new IOException("ENETDOWN"));
    announcer.setOwned(Set.of(VIP));
    assertEquals(0, counters.gratuitousSent(VIP));
    assertEquals(Set.of(VIP), announcer.owned());
  }

  @Test
  void closingReleasesEverythingAndClosesTheChannel() throws IOException {
    announcer.setOwned(Set.of(VIP6));
    announcer.close();
    assertEquals(0, clock.pending());
    assertEquals(Map.of(), channel.memberships());
    assertTrue(channel.isClosed());
    announcer.run(); // returns at once once closed
  }

  @Test
  void anExpiredLeaseSilencesAnswersAndRepeatsWhileOwnershipIsStillHeld() throws IOException {
    java.util.concurrent.atomic.AtomicBoolean leased = new java.util.concurrent.atomic.AtomicBoolean(true);
    announcer.setGate(leased::get);
    announcer.setOwned(Set.of(VIP));
    channel.takeSent();
    leased.set(false); // the membership thread is late: VIP is still "owned", the lease is gone
    assertEquals(Verdict.drop(DropReason.LEASE_EXPIRED), handle(whoHas(VIP)));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0, channel.takeSent().size(), "no answer, no gratuitous repeat");
    assertEquals(1, counters.drops(DropReason.LEASE_EXPIRED));
    leased.set(true);
    assertTrue(handle(whoHas(VIP)) instanceof Verdict.Answer);
  }
}
