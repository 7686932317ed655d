package io.baremetallb.ip;

/** An address family, with its address width in bits. */
public enum IpFamily {
  IPV4(32, "IPv4"),
  IPV6(128, "IPv6");

  private final int bits;
  private final String label;

  IpFamily(int bits, String label) {
    this.bits = bits;
    this.label = label;
  }

  /** Address width: 32 or 128. */
  public int bits() {
    return bits;
  }

  /** The name Kubernetes uses in {@code spec.ipFamilies}: {@code IPv4} or {@code IPv6}. */
  public String label() {
    return label;
  }

  /** Parses a Kubernetes family name ({@code IPv4}, {@code IPv6}), case-sensitively as the API does. */
  public static IpFamily fromLabel(String label) {
    for (IpFamily f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown IP family \"" + label + "\" (expected IPv4 or IPv6)");
  }

  @Override
  public String toString() {
    return label;
  }
}
