package io.baremetallb.announcer.bgp.wire;

import java.util.List;

/** One AS_PATH segment (RFC 4271 §4.3, RFC 5065 for the confederation types). */
public record AsPathSegment(Type type, List<Long> asns) {
  public AsPathSegment {
    asns = List.copyOf(asns);
    if (asns.isEmpty() || asns.size() > 255) {
      throw new IllegalArgumentException("AS_PATH segment must hold 1..255 ASNs, has " + asns.size());
    }
    for (long a : asns) {
      if (a < 0 || a > 0xffffffffL) {
        throw new IllegalArgumentException("AS number out of range: " + a);
      }
    }
  }

  public enum Type {
    AS_SET(1),
    AS_SEQUENCE(2),
    AS_CONFED_SEQUENCE(3),
    AS_CONFED_SET(4);

    private final int value;

    Type(int value) {
      this.value = value;
    }

    public int byteValue() {
      return value;
    }

    public static Type valueOf(int value) {
      for (Type t : values()) {
        if (t.value == value) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown AS_PATH segment type: " + value);
    }
  }
}
