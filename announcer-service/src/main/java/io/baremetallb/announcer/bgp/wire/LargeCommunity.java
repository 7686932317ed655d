package io.baremetallb.announcer.bgp.wire;

/** A large community of RFC 8092: three 32-bit values, written {@code global:local1:local2}. */
public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {
  public LargeCommunity {
    for (long v : new long[] {globalAdministrator, localData1, localData2}) {
      if (v < 0 || v > 0xffffffffL) {
        throw new IllegalArgumentException("large community parts must fit 32 bits: " + v);
      }
    }
  }

  /** Parses {@code 64512:1:2}. */
  public static LargeCommunity parse(String s) {
    String[] parts = s.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("large community must be global:local1:local2, got " + s);
    }
    try {
      return new LargeCommunity(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("large community must be global:local1:local2, got " + s, e);
    }
  }

  @Override
  public String toString() {
    return globalAdministrator + ":" + localData1 + ":" + localData2;
  }
}
