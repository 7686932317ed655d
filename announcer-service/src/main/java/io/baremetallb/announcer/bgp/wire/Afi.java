package io.baremetallb.announcer.bgp.wire;

/** Address Family Identifier (IANA; RFC 4760 §3) of the families we route. */
public enum Afi {
  IPV4(1, 4),
  IPV6(2, 16);

  private final int value;
  private final int addressLength;

  Afi(int value, int addressLength) {
    this.value = value;
    this.addressLength = addressLength;
  }

  public int shortValue() {
    return value;
  }

  /** Bytes in one address of this family. */
  public int addressLength() {
    return addressLength;
  }

  public int maxPrefixLength() {
    return addressLength * 8;
  }

  public static Afi valueOf(int value) {
    for (Afi a : values()) {
      if (a.value == value) {
        return a;
      }
    }
    throw new IllegalArgumentException("unsupported AFI: " + value);
  }

  public static Afi of(java.net.InetAddress address) {
    return address.getAddress().length == 4 ? IPV4 : IPV6;
  }
}
