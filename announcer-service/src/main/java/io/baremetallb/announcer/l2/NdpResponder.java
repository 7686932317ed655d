package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.FrameDecodeException;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.NdpPacket;
import io.baremetallb.announcer.l2.wire.NeighborAdvertisement;
import io.baremetallb.announcer.l2.wire.NeighborSolicitation;
import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the answer to an IPv6 frame: a neighbour solicitation for an address we own gets a
 * neighbour advertisement with our MAC (RFC 4861 §7.2.4). Pure: no I/O, no counters.
 */
public final class NdpResponder {
  private static final int ND_HOP_LIMIT = 255;
  private final MacAddress ourMac;
  private final OwnedAddresses owned;

  public NdpResponder(MacAddress ourMac, OwnedAddresses owned) {
    this.ourMac = Objects.requireNonNull(ourMac, "ourMac");
    this.owned = Objects.requireNonNull(owned, "owned");
  }

  public Verdict handle(EthernetFrame eth) {
    NdpPacket packet;
    try {
      packet = NdpPacket.decode(eth.payloadBuffer());
    } catch (FrameDecodeException e) {
      return Verdict.drop(e.problem() == FrameDecodeException.Problem.UNSUPPORTED
          ? DropReason.NDP_NOT_SOLICITATION : DropReason.of(e));
    }
    if (!(packet.message() instanceof NeighborSolicitation ns)) {
      return Verdict.drop(DropReason.NDP_NOT_SOLICITATION);
    }
    // Solicitations go to a solicited-node group (33:33:ff:…) or, to re-check an entry, to us.
    if (!eth.destination().isMulticast() && !eth.destination().equals(ourMac)) {
      return Verdict.drop(DropReason.ETHERNET_DESTINATION);
    }
    if (packet.header().hopLimit() != ND_HOP_LIMIT) {
      return Verdict.drop(DropReason.NDP_HOP_LIMIT);
    }
    Inet6Address source = packet.header().source();
    boolean dad = source.equals(Ipv6Addresses.UNSPECIFIED);
    if (ns.target().isMulticastAddress() || dad && (ns.sourceLinkLayerAddress().isPresent()
        || !packet.header().destination().equals(Ipv6Addresses.solicitedNode(ns.target())))) {
      return Verdict.drop(DropReason.NDP_INVALID);
    }
    if (!owned.contains(ns.target())) {
      return Verdict.drop(DropReason.NOT_OUR_ADDRESS);
    }
    return new Verdict.Answer(ns.target(), dad ? defend(eth, ns) : reply(eth, ns, source));
  }

  /** §7.2.4: to the solicitor, solicited and override, with our MAC as target link-layer option. */
  private EthernetFrame reply(EthernetFrame eth, NeighborSolicitation ns, Inet6Address solicitor) {
    MacAddress to = ns.sourceLinkLayerAddress().orElse(eth.source());
    return frame(eth, to, NdpPacket.of(ns.target(), solicitor, advertisement(ns.target(), true)));
  }

  /**
   * §7.2.4: a solicitation from :: is duplicate address detection; the answer is multicast to
   * all nodes with the solicited flag clear, which makes the prober give the address up.
   */
  private EthernetFrame defend(EthernetFrame eth, NeighborSolicitation ns) {
    return frame(eth, Ipv6Addresses.multicastMac(Ipv6Addresses.ALL_NODES),
        NdpPacket.of(ns.target(), Ipv6Addresses.ALL_NODES, advertisement(ns.target(), false)));
  }

  private NeighborAdvertisement advertisement(Inet6Address target, boolean solicited) {
    return new NeighborAdvertisement(false, solicited, true, target, Optional.of(ourMac));
  }

  private EthernetFrame frame(EthernetFrame request, MacAddress to, NdpPacket packet) {
    return new EthernetFrame(to, ourMac, request.vlan(), EthernetFrame.ETHERTYPE_IPV6, packet.toBytes());
  }
}
