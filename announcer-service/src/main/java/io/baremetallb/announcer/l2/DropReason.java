package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.wire.FrameDecodeException;

/** Why a received frame got no answer. Every frame that is not answered is counted by one of these. */
public enum DropReason {
  /** Shorter than its headers or length fields say. */
  TRUNCATED,
  /** A field the specification forbids (IP version, zero-length option, ICMPv6 code). */
  MALFORMED,
  /** Valid but not ours to read: 802.3 frames, RARP, ARP for other address lengths. */
  UNSUPPORTED,
  /** The ICMPv6 checksum does not verify. */
  BAD_CHECKSUM,
  /** Neither ARP nor IPv6 (the socket filter should already have kept it out). */
  NOT_ARP_OR_NDP,
  /** We sent it (a packet socket can see outgoing frames of other sockets on the same host). */
  OWN_FRAME,
  /** Unicast to another station: not broadcast, not multicast (for NDP), not our MAC. */
  ETHERNET_DESTINATION,
  /** ARP hardware type is not Ethernet (1). */
  ARP_HARDWARE_TYPE,
  /** ARP protocol type is not IPv4 (0x0800). */
  ARP_PROTOCOL_TYPE,
  /** An ARP reply: nothing to answer. */
  ARP_REPLY,
  /** A gratuitous request (sender IP = target IP) announces an address; it asks nothing. */
  ARP_GRATUITOUS,
  /** Any ICMPv6 message but a neighbour solicitation (an advertisement, a ping, …). */
  NDP_NOT_SOLICITATION,
  /** RFC 4861 §7.1.1: hop limit must be 255, proving the solicitation was not routed. */
  NDP_HOP_LIMIT,
  /** RFC 4861 §7.1.1 otherwise invalid: multicast target; DAD probe not to a solicited-node group or with a source link-layer option. */
  NDP_INVALID,
  /** The target address is not one this node owns right now. */
  NOT_OUR_ADDRESS,
  /** Owned, but the membership's lease ran out (this node may have been cut off): silence beats two answers. */
  LEASE_EXPIRED,
  /** The answer could not be sent (the kernel refused it; for example the link is down). */
  SEND_FAILED;

  /** The reason for a frame the codec rejected. */
  public static DropReason of(FrameDecodeException e) {
    switch (e.problem()) {
      case TRUNCATED:
        return TRUNCATED;
      case MALFORMED:
        return MALFORMED;
      case UNSUPPORTED:
        return UNSUPPORTED;
      case BAD_CHECKSUM:
        return BAD_CHECKSUM;
      default:
        throw new IllegalArgumentException("unknown problem " + e.problem());
    }
  }
}
