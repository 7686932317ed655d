package io.baremetallb.announcer.bgp.wire;

/** A community of RFC 1997: two 16-bit halves, written {@code asn:value}. */
public record Community(int asn, int value) {
  /** RFC 8326 §5: GRACEFUL_SHUTDOWN, 65535:0. */
  public static final Community GRACEFUL_SHUTDOWN = new Community(0xffff, 0);
  public static final Community NO_EXPORT = new Community(0xffff, 0xff01);
  public static final Community NO_ADVERTISE = new Community(0xffff, 0xff02);

  public Community {
    if (asn < 0 || asn > 0xffff || value < 0 || value > 0xffff) {
      throw new IllegalArgumentException("community halves must fit 16 bits: " + asn + ":" + value);
    }
  }

  public static Community fromInt(int raw) {
    return new Community(raw >>> 16, raw & 0xffff);
  }

  public int toInt() {
    return asn << 16 | value;
  }

  /** Parses {@code 65535:0}. */
  public static Community parse(String s) {
    String[] parts = s.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("community must be asn:value, got " + s);
    }
    try {
      return new Community(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("community must be asn:value, got " + s, e);
    }
  }

  @Override
  public String toString() {
    return asn + ":" + value;
  }
}
