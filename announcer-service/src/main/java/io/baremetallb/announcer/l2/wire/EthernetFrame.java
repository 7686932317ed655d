package io.baremetallb.announcer.l2.wire;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An Ethernet II frame as a packet socket sees it (no preamble, no FCS), shared by ARP and NDP.
 *
 * <pre>
 * 6 bytes: destination MAC
 * 6 bytes: source MAC
 * 4 bytes: optional IEEE 802.1Q tag: TPID 0x8100, then 3 bits PCP, 1 bit DEI, 12 bits VID
 * 2 bytes: EtherType (values below 0x0600 are IEEE 802.3 lengths, which we do not handle)
 * n bytes: payload (may end in padding up to the 60-byte minimum; upper layers use their own lengths)
 * </pre>
 */
public record EthernetFrame(MacAddress destination, MacAddress source, Optional<VlanTag> vlan,
    int etherType, byte[] payload) {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_VLAN = 0x8100;
  public static final int ETHERTYPE_IPV6 = 0x86dd;
  /** IEEE 802.3: EtherType values start here; smaller values are a length. */
  static final int MIN_ETHERTYPE = 0x0600;
  static final int HEADER_LENGTH = 14;
  static final int VLAN_TAG_LENGTH = 4;

  public EthernetFrame {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(vlan, "vlan");
    if (etherType < MIN_ETHERTYPE || etherType > 0xffff || etherType == ETHERTYPE_VLAN) {
      throw new IllegalArgumentException("not an inner EtherType: 0x" + Integer.toHexString(etherType));
    }
    payload = payload.clone();
  }

  /** An untagged frame. */
  public static EthernetFrame of(MacAddress destination, MacAddress source, int etherType,
      byte[] payload) {
    return new EthernetFrame(destination, source, Optional.empty(), etherType, payload);
  }

  /** Decodes the rest of {@code in}; everything after the EtherType is the payload. */
  public static EthernetFrame decode(ByteBuffer in) {
    FrameDecodeException.require(in, HEADER_LENGTH, "Ethernet header");
    MacAddress dst = MacAddress.read(in);
    MacAddress src = MacAddress.read(in);
    int type = in.getShort() & 0xffff;
    Optional<VlanTag> vlan = Optional.empty();
    if (type == ETHERTYPE_VLAN) {
      FrameDecodeException.require(in, VLAN_TAG_LENGTH, "802.1Q tag");
      vlan = Optional.of(VlanTag.fromTci(in.getShort() & 0xffff));
      type = in.getShort() & 0xffff;
    }
    if (type < MIN_ETHERTYPE) {
      throw new FrameDecodeException(Problem.UNSUPPORTED,
          "IEEE 802.3 length field " + type + " instead of an EtherType");
    }
    if (type == ETHERTYPE_VLAN) {
      // 802.1ad stacked tags: nothing we answer travels double-tagged.
      throw new FrameDecodeException(Problem.UNSUPPORTED, "stacked 802.1Q tags");
    }
    byte[] payload = new byte[in.remaining()];
    in.get(payload);
    return new EthernetFrame(dst, src, vlan, type, payload);
  }

  public int length() {
    return HEADER_LENGTH + (vlan.isPresent() ? VLAN_TAG_LENGTH : 0) + payload.length;
  }

  public void encode(ByteBuffer out) {
    destination.write(out);
    source.write(out);
    if (vlan.isPresent()) {
      out.putShort((short) ETHERTYPE_VLAN);
      out.putShort((short) vlan.get().tci());
    }
    out.putShort((short) etherType);
    out.put(payload);
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(length());
    encode(out);
    return out.array();
  }

  /** The payload as a read-only buffer, for the upper-layer decoder. */
  public ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(payload).asReadOnlyBuffer();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EthernetFrame f && destination.equals(f.destination)
        && source.equals(f.source) && vlan.equals(f.vlan) && etherType == f.etherType
        && Arrays.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(destination, source, vlan, etherType, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "EthernetFrame[" + source + " > " + destination + vlan.map(v -> " vlan " + v.vlanId()).orElse("")
        + " type 0x" + Integer.toHexString(etherType) + " " + HexFormat.of().formatHex(payload) + "]";
  }
}
