package io.baremetallb.announcer.bgp.wire;

/**
 * An AFI/SAFI pair as it appears in capabilities and ROUTE-REFRESH. Kept as numbers so that
 * families we do not route (a peer's VPNv4, say) are carried through unchanged.
 */
public record AfiSafi(int afi, int safi) {
  public static final int SAFI_UNICAST = 1;
  public static final AfiSafi IPV4_UNICAST = new AfiSafi(1, SAFI_UNICAST);
  public static final AfiSafi IPV6_UNICAST = new AfiSafi(2, SAFI_UNICAST);

  public AfiSafi {
    if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff) {
      throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
    }
  }

  public static AfiSafi unicast(Afi afi) {
    return afi == Afi.IPV4 ? IPV4_UNICAST : IPV6_UNICAST;
  }

  @Override
  public String toString() {
    return afi + "/" + safi;
  }
}
