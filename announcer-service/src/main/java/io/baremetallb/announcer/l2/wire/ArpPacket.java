package io.baremetallb.announcer.l2.wire;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ARP packet for IPv4 over a 6-byte hardware address (RFC 826).
 *
 * <pre>
 * 2 bytes: hardware type (1 = Ethernet)
 * 2 bytes: protocol type (0x0800 = IPv4)
 * 1 byte : hardware address length (6)
 * 1 byte : protocol address length (4)
 * 2 bytes: operation (1 = request, 2 = reply)
 * 6 bytes: sender hardware address
 * 4 bytes: sender protocol address
 * 6 bytes: target hardware address
 * 4 bytes: target protocol address
 * </pre>
 *
 * The hardware and protocol types are kept as read, so that a responder can drop (and count)
 * packets for other media rather than have them disappear inside the codec.
 */
public record ArpPacket(int hardwareType, int protocolType, ArpOperation operation,
    MacAddress senderHardwareAddress, Inet4Address senderProtocolAddress,
    MacAddress targetHardwareAddress, Inet4Address targetProtocolAddress) {
  public static final int HARDWARE_ETHERNET = 1;
  public static final int LENGTH = 2 + 2 + 1 + 1 + 2 + MacAddress.LENGTH + 4 + MacAddress.LENGTH + 4;
  private static final int IPV4_LENGTH = 4;

  public ArpPacket {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(senderHardwareAddress, "senderHardwareAddress");
    Objects.requireNonNull(senderProtocolAddress, "senderProtocolAddress");
    Objects.requireNonNull(targetHardwareAddress, "targetHardwareAddress");
    Objects.requireNonNull(targetProtocolAddress, "targetProtocolAddress");
  }

  /** An Ethernet/IPv4 packet. */
  public static ArpPacket of(ArpOperation op, MacAddress senderMac, Inet4Address senderIp,
      MacAddress targetMac, Inet4Address targetIp) {
    return new ArpPacket(HARDWARE_ETHERNET, EthernetFrame.ETHERTYPE_IPV4, op, senderMac, senderIp,
        targetMac, targetIp);
  }

  /**
   * A gratuitous ARP request: sender and target protocol address are both {@code ip}, the target
   * hardware address is zero. Linux updates an existing neighbour entry from a request at once,
   * even with {@code arp_accept=0}; a gratuitous reply is ignored inside {@code locktime}.
   */
  public static ArpPacket gratuitousRequest(MacAddress mac, Inet4Address ip) {
    return of(ArpOperation.REQUEST, mac, ip, MacAddress.ZERO, ip);
  }

  /** The reply to this request: {@code ip} is at {@code mac}, addressed to the requester. */
  public ArpPacket replyFrom(MacAddress mac) {
    return of(ArpOperation.REPLY, mac, targetProtocolAddress, senderHardwareAddress,
        senderProtocolAddress);
  }

  public static ArpPacket decode(ByteBuffer in) {
    FrameDecodeException.require(in, 8, "ARP header");
    int htype = in.getShort() & 0xffff;
    int ptype = in.getShort() & 0xffff;
    int hlen = in.get() & 0xff;
    int plen = in.get() & 0xff;
    if (hlen != MacAddress.LENGTH || plen != IPV4_LENGTH) {
      throw new FrameDecodeException(Problem.UNSUPPORTED, "ARP with address lengths " + hlen + "/"
          + plen + "; only 6-byte hardware and 4-byte protocol addresses are handled");
    }
    ArpOperation op = ArpOperation.valueOf(in.getShort() & 0xffff);
    // Trailing bytes are Ethernet padding (a 42-byte ARP frame is padded to 60).
    FrameDecodeException.require(in, LENGTH - 8, "ARP addresses");
    MacAddress sha = MacAddress.read(in);
    Inet4Address spa = readIpv4(in);
    MacAddress tha = MacAddress.read(in);
    Inet4Address tpa = readIpv4(in);
    return new ArpPacket(htype, ptype, op, sha, spa, tha, tpa);
  }

  public void encode(ByteBuffer out) {
    out.putShort((short) hardwareType);
    out.putShort((short) protocolType);
    out.put((byte) MacAddress.LENGTH);
    out.put((byte) IPV4_LENGTH);
    out.putShort((short) operation.value());
    senderHardwareAddress.write(out);
    out.put(senderProtocolAddress.getAddress());
    targetHardwareAddress.write(out);
    out.put(targetProtocolAddress.getAddress());
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(LENGTH);
    encode(out);
    return out.array();
  }

  private static Inet4Address readIpv4(ByteBuffer in) {
    byte[] a = new byte[IPV4_LENGTH];
    in.get(a);
    try {
      return (Inet4Address) InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}
