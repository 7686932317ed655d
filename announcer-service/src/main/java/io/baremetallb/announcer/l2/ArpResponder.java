package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.wire.ArpOperation;
import io.baremetallb.announcer.l2.wire.ArpPacket;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.FrameDecodeException;
import io.baremetallb.announcer.l2.wire.MacAddress;
import java.util.Objects;

/**
 * Decides the answer to an ARP frame (RFC 826): a request for an IPv4 address we own gets a
 * reply saying it is at our MAC. Pure: no I/O, no counters; {@link FrameResponder} does those.
 */
public final class ArpResponder {
  private final MacAddress ourMac;
  private final OwnedAddresses owned;

  public ArpResponder(MacAddress ourMac, OwnedAddresses owned) {
    this.ourMac = Objects.requireNonNull(ourMac, "ourMac");
    this.owned = Objects.requireNonNull(owned, "owned");
  }

  public Verdict handle(EthernetFrame eth) {
    ArpPacket arp;
    try {
      arp = ArpPacket.decode(eth.payloadBuffer());
    } catch (FrameDecodeException e) {
      return Verdict.drop(DropReason.of(e));
    }
    if (arp.hardwareType() != ArpPacket.HARDWARE_ETHERNET) {
      return Verdict.drop(DropReason.ARP_HARDWARE_TYPE);
    }
    if (arp.protocolType() != EthernetFrame.ETHERTYPE_IPV4) {
      return Verdict.drop(DropReason.ARP_PROTOCOL_TYPE);
    }
    if (arp.operation() != ArpOperation.REQUEST) {
      return Verdict.drop(DropReason.ARP_REPLY);
    }
    // Requests are broadcast, or unicast to us when a neighbour re-checks a cached entry.
    if (!eth.destination().equals(MacAddress.BROADCAST) && !eth.destination().equals(ourMac)) {
      return Verdict.drop(DropReason.ETHERNET_DESTINATION);
    }
    // Another node announcing the address asks nothing; answering would only tell it about us.
    if (arp.senderProtocolAddress().equals(arp.targetProtocolAddress())) {
      return Verdict.drop(DropReason.ARP_GRATUITOUS);
    }
    if (!owned.contains(arp.targetProtocolAddress())) {
      return Verdict.drop(DropReason.NOT_OUR_ADDRESS);
    }
    ArpPacket reply = arp.replyFrom(ourMac);
    // Unicast to the requester, on its VLAN; an RFC 5227 probe (sender 0.0.0.0) gets the same.
    return new Verdict.Answer(arp.targetProtocolAddress(), new EthernetFrame(
        arp.senderHardwareAddress(), ourMac, eth.vlan(), EthernetFrame.ETHERTYPE_ARP, reply.toBytes()));
  }
}
