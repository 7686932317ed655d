package io.baremetallb.announcer.bgp.wire;

/** Values of the ORIGIN attribute (RFC 4271 §4.3). */
public enum OriginType {
  IGP(0),
  EGP(1),
  INCOMPLETE(2);

  private final int value;

  OriginType(int value) {
    this.value = value;
  }

  public int byteValue() {
    return value;
  }

  public static OriginType valueOf(int value) {
    for (OriginType o : values()) {
      if (o.value == value) {
        return o;
      }
    }
    throw new IllegalArgumentException("undefined ORIGIN value: " + value);
  }
}
