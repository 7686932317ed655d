package io.baremetallb.announcer.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918 §3): asks the peer to resend its Adj-RIB-Out for one family. The
 * reserved octet is the message subtype of RFC 7313 (0 = normal request).
 */
public record RouteRefresh(AfiSafi family, int subtype) implements BgpMessage {
  public RouteRefresh {
    if (subtype < 0 || subtype > 0xff) {
      throw new IllegalArgumentException("ROUTE-REFRESH subtype out of range: " + subtype);
    }
  }

  public static RouteRefresh of(AfiSafi family) {
    return new RouteRefresh(family, 0);
  }

  @Override
  public MessageType type() {
    return MessageType.ROUTE_REFRESH;
  }
}
