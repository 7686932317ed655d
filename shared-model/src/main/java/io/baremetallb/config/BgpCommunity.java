package io.baremetallb.config;

/**
 * A BGP community value, written as MetalLB writes it: a standard community (RFC 1997)
 * {@code 65535:65282} (two 16-bit numbers), or a large community (RFC 8092)
 * {@code large:64512:1:2} (three 32-bit numbers). Ordered as MetalLB orders them: a standard
 * community counts as the large community {@code <its 32-bit value>:0:0}.
 */
public sealed interface BgpCommunity extends Comparable<BgpCommunity>
    permits BgpCommunity.Standard, BgpCommunity.Large {

  /** A standard community, {@code asn:value}. */
  record Standard(int asn, int value) implements BgpCommunity {
    public Standard {
      if (asn < 0 || asn > 0xFFFF || value < 0 || value > 0xFFFF) {
        throw new IllegalArgumentException("a standard community has two numbers from 0 to 65535");
      }
    }

    /** The 32-bit value carried in the COMMUNITIES attribute. */
    public long toLong() {
      return ((long) asn << 16) | value;
    }

    @Override
    public String toString() {
      return asn + ":" + value;
    }
  }

  /** A large community, {@code large:global:local1:local2}. */
  record Large(long globalAdministrator, long localData1, long localData2) implements BgpCommunity {
    public Large {
      if (!isU32(globalAdministrator) || !isU32(localData1) || !isU32(localData2)) {
        throw new IllegalArgumentException("a large community has three numbers from 0 to 4294967295");
      }
    }

    @Override
    public String toString() {
      return "large:" + globalAdministrator + ":" + localData1 + ":" + localData2;
    }
  }

  /**
   * Parses {@code a:b} or {@code large:a:b:c}; throws {@link IllegalArgumentException} whose
   * message says what is wrong (without repeating the text).
   */
  static BgpCommunity parse(String text) {
    String[] f = text.split(":", -1);
    if (f.length == 2) {
      return new Standard((int) number(f[0], 0xFFFF), (int) number(f[1], 0xFFFF));
    }
    if (f.length == 4) {
      if (!f[0].equals("large")) {
        throw new IllegalArgumentException("a large community is written large:<number>:<number>:<number>");
      }
      return new Large(number(f[1], 0xFFFF_FFFFL), number(f[2], 0xFFFF_FFFFL), number(f[3], 0xFFFF_FFFFL));
    }
    throw new IllegalArgumentException(
        "a community is written <0-65535>:<0-65535> or large:<number>:<number>:<number>");
  }

  private static long number(String s, long max) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + s + "\" is not a number from 0 to " + max);
    }
    long v = Long.parseLong(s);
    if (v > max) {
      throw new IllegalArgumentException(s + " is larger than " + max);
    }
    return v;
  }

  private static boolean isU32(long v) {
    return v >= 0 && v <= 0xFFFF_FFFFL;
  }

  private long[] key() {
    if (this instanceof Standard s) {
      return new long[] {s.toLong(), 0, 0};
    }
    Large l = (Large) this;
    return new long[] {l.globalAdministrator(), l.localData1(), l.localData2()};
  }

  @Override
  default int compareTo(BgpCommunity o) {
    long[] a = key();
    long[] b = o.key();
    for (int i = 0; i < 3; i++) {
      int c = Long.compare(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(this instanceof Large, o instanceof Large);
  }
}
