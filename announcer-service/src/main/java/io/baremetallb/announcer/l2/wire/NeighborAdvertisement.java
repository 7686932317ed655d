package io.baremetallb.announcer.l2.wire;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 4861 §4.4 Neighbor Advertisement, after type (136), code and checksum:
 *
 * <pre>
 *  1 bit  : R, router
 *  1 bit  : S, solicited (a reply to a solicitation; zero in unsolicited and multicast NAs)
 *  1 bit  : O, override (replace a cached link-layer address; Linux ignores a new MAC without it)
 * 29 bits : reserved (zero)
 * 16 bytes: target address
 *  n bytes: options (target link-layer address)
 * </pre>
 */
public record NeighborAdvertisement(boolean router, boolean solicited, boolean override,
    Inet6Address target, Optional<MacAddress> targetLinkLayerAddress) implements NdpMessage {
  public static final int TYPE = 136;
  private static final int ROUTER = 0x8000_0000;
  private static final int SOLICITED = 0x4000_0000;
  private static final int OVERRIDE = 0x2000_0000;

  public NeighborAdvertisement {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(targetLinkLayerAddress, "targetLinkLayerAddress");
  }

  static NeighborAdvertisement decodeBody(ByteBuffer in) {
    FrameDecodeException.require(in, 4 + Ipv6Addresses.LENGTH, "Neighbor Advertisement");
    int flags = in.getInt();
    Inet6Address target = Ipv6Addresses.read(in);
    return new NeighborAdvertisement((flags & ROUTER) != 0, (flags & SOLICITED) != 0,
        (flags & OVERRIDE) != 0, target, LinkLayerOption.find(in, LinkLayerOption.TARGET));
  }

  @Override
  public int icmpType() {
    return TYPE;
  }

  @Override
  public int bodyLength() {
    return 4 + Ipv6Addresses.LENGTH + LinkLayerOption.length(targetLinkLayerAddress);
  }

  @Override
  public void encodeBody(ByteBuffer out) {
    out.putInt((router ? ROUTER : 0) | (solicited ? SOLICITED : 0) | (override ? OVERRIDE : 0));
    out.put(target.getAddress());
    LinkLayerOption.write(out, LinkLayerOption.TARGET, targetLinkLayerAddress);
  }
}
