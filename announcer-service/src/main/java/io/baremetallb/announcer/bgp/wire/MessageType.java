package io.baremetallb.announcer.bgp.wire;

/** The Type octet of the BGP header (RFC 4271 §4.1, RFC 2918 §3 for ROUTE-REFRESH). */
public enum MessageType {
  OPEN(1, 29),
  UPDATE(2, 23),
  NOTIFICATION(3, 21),
  KEEPALIVE(4, 19),
  ROUTE_REFRESH(5, 23);

  private final int value;
  private final int minLength;

  MessageType(int value, int minLength) {
    this.value = value;
    this.minLength = minLength;
  }

  public int byteValue() {
    return value;
  }

  /** The smallest legal value of the header's Length field for this type (RFC 4271 §6.1). */
  public int minLength() {
    return minLength;
  }

  public static MessageType valueOf(int value) {
    for (MessageType t : values()) {
      if (t.value == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown BGP message type: " + value);
  }
}
