package io.baremetallb.announcer.l2.wire;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 4861 §4.3 Neighbor Solicitation, after type (135), code and checksum:
 *
 * <pre>
 *  4 bytes: reserved (zero)
 * 16 bytes: target address
 *  n bytes: options (source link-layer address, absent when the IP source is ::)
 * </pre>
 */
public record NeighborSolicitation(Inet6Address target, Optional<MacAddress> sourceLinkLayerAddress)
    implements NdpMessage {
  public static final int TYPE = 135;

  public NeighborSolicitation {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sourceLinkLayerAddress, "sourceLinkLayerAddress");
  }

  static NeighborSolicitation decodeBody(ByteBuffer in) {
    FrameDecodeException.require(in, 4 + Ipv6Addresses.LENGTH, "Neighbor Solicitation");
    in.getInt(); // reserved: "MUST be ignored by the receiver"
    Inet6Address target = Ipv6Addresses.read(in);
    return new NeighborSolicitation(target, LinkLayerOption.find(in, LinkLayerOption.SOURCE));
  }

  @Override
  public int icmpType() {
    return TYPE;
  }

  @Override
  public int bodyLength() {
    return 4 + Ipv6Addresses.LENGTH + LinkLayerOption.length(sourceLinkLayerAddress);
  }

  @Override
  public void encodeBody(ByteBuffer out) {
    out.putInt(0);
    out.put(target.getAddress());
    LinkLayerOption.write(out, LinkLayerOption.SOURCE, sourceLinkLayerAddress);
  }
}
