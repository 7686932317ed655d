package io.baremetallb.ip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An IPv4 or IPv6 address as an unsigned 128-bit number (two longs), so that comparisons,
 * successors and range arithmetic cost a few instructions and never allocate a BigInteger.
 * IPv4 addresses keep their 32 bits in {@code lo}. Ordering: all IPv4 before all IPv6, then
 * numeric.
 *
 * <p>Parsing is strict and never touches DNS (unlike {@link InetAddress#getByName}): dotted quads
 * without leading zeros, RFC 4291 text for IPv6 (with {@code ::} and an IPv4 tail), no zone IDs.
 */
public final class IpAddress implements Comparable<IpAddress> {
  private static final long V4_MASK = 0xFFFF_FFFFL;

  private final IpFamily family;
  private final long hi;
  private final long lo;

  private IpAddress(IpFamily family, long hi, long lo) {
    this.family = family;
    this.hi = hi;
    this.lo = lo;
  }

  /** An IPv4 address from its 32 bits (the low 32 bits of {@code bits}). */
  public static IpAddress v4(long bits) {
    if ((bits & ~V4_MASK) != 0) {
      throw new IllegalArgumentException("IPv4 value out of range: " + bits);
    }
    return new IpAddress(IpFamily.IPV4, 0, bits);
  }

  /** An IPv6 address from its high and low 64 bits. */
  public static IpAddress v6(long hi, long lo) {
    return new IpAddress(IpFamily.IPV6, hi, lo);
  }

  /** The address of a family whose numeric value is {@code value} (0 ≤ value < 2^bits). */
  public static IpAddress of(IpFamily family, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > family.bits()) {
      throw new IllegalArgumentException(value + " is not a valid " + family + " address value");
    }
    return family == IpFamily.IPV4
        ? v4(value.longValue())
        : v6(value.shiftRight(64).longValue(), value.longValue());
  }

  /** From the 4 or 16 bytes of an address in network order. */
  public static IpAddress fromBytes(byte[] b) {
    if (b.length == 4) {
      return v4(((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL));
    }
    if (b.length == 16) {
      return v6(longAt(b, 0), longAt(b, 8));
    }
    throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + b.length);
  }

  public static IpAddress of(InetAddress a) {
    return fromBytes(a.getAddress());
  }

  /** Parses IPv4 or IPv6 text; throws {@link IpFormatException} naming the text and the problem. */
  public static IpAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IpFormatException(String.valueOf(text), "empty address");
    }
    return text.indexOf(':') >= 0 ? parseV6(text) : v4(parseV4(text, text));
  }

  /** True when {@code text} parses as an address. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IpFormatException e) {
      return false;
    }
  }

  private static long parseV4(String part, String whole) {
    String[] octets = part.split("\\.", -1);
    if (octets.length != 4) {
      throw new IpFormatException(whole, "an IPv4 address has 4 dot-separated numbers");
    }
    long v = 0;
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IpFormatException(whole, "\"" + o + "\" is not a number from 0 to 255");
      }
      if (o.length() > 1 && o.charAt(0) == '0') {
        throw new IpFormatException(whole, "\"" + o + "\" has a leading zero (ambiguous: octal or decimal)");
      }
      int n = Integer.parseInt(o);
      if (n > 255) {
        throw new IpFormatException(whole, o + " is larger than 255");
      }
      v = (v << 8) | n;
    }
    return v;
  }

  private static IpAddress parseV6(String text) {
    if (text.indexOf('%') >= 0) {
      throw new IpFormatException(text, "zone IDs are not allowed");
    }
    int dc = text.indexOf("::");
    if (dc >= 0 && text.indexOf("::", dc + 1) >= 0) {
      throw new IpFormatException(text, "\"::\" may appear only once");
    }
    int[] head = dc >= 0 ? groups(text.substring(0, dc), text, false) : groups(text, text, true);
    int[] tail = dc >= 0 ? groups(text.substring(dc + 2), text, true) : new int[0];
    int total = head.length + tail.length;
    if (dc < 0 && total != 8) {
      throw new IpFormatException(text, "an IPv6 address has 8 groups of 16 bits, this has " + total);
    }
    if (dc >= 0 && total > 7) {
      throw new IpFormatException(text, "too many groups around \"::\"");
    }
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = (hi << 16) | all[i];
      lo = (lo << 16) | all[i + 4];
    }
    return v6(hi, lo);
  }

  /** Hex groups of one side of "::"; the last may be a dotted quad (two groups) when allowed. */
  private static int[] groups(String side, String whole, boolean v4TailAllowed) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int n = parts.length;
    boolean v4Tail = v4TailAllowed && parts[n - 1].indexOf('.') >= 0;
    int[] out = new int[v4Tail ? n + 1 : n];
    for (int i = 0; i < (v4Tail ? n - 1 : n); i++) {
      String g = parts[i];
      if (g.isEmpty() || g.length() > 4) {
        throw new IpFormatException(whole, g.isEmpty() ? "empty group" : "group \"" + g + "\" has more than 4 hex digits");
      }
      int v = 0;
      for (int k = 0; k < g.length(); k++) {
        int d = Character.digit(g.charAt(k), 16);
        if (d < 0) {
          throw new IpFormatException(whole, "\"" + g + "\" is not hexadecimal");
        }
        v = (v << 4) | d;
      }
      out[i] = v;
    }
    if (v4Tail) {
      long v4 = parseV4(parts[n - 1], whole);
      out[n - 1] = (int) (v4 >>> 16);
      out[n] = (int) (v4 & 0xFFFF);
    }
    return out;
  }

  public IpFamily family() {
    return family;
  }

  public boolean isV4() {
    return family == IpFamily.IPV4;
  }

  /** High 64 bits (always 0 for IPv4). */
  public long hi() {
    return hi;
  }

  /** Low 64 bits (the whole address for IPv4). */
  public long lo() {
    return lo;
  }

  public BigInteger toBigInteger() {
    BigInteger low = new BigInteger(Long.toUnsignedString(lo));
    return hi == 0 ? low : new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(low);
  }

  /** Network-order bytes: 4 for IPv4, 16 for IPv6. */
  public byte[] toBytes() {
    if (isV4()) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[i + 8] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(toBytes());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
    }
  }

  /** True for the family's highest address (all ones). */
  public boolean isMax() {
    return isV4() ? lo == V4_MASK : hi == -1L && lo == -1L;
  }

  /** The next address; throws at the end of the family's space. */
  public IpAddress next() {
    if (isMax()) {
      throw new ArithmeticException(this + " is the last " + family + " address");
    }
    return lo == -1L ? new IpAddress(family, hi + 1, 0) : new IpAddress(family, hi, lo + 1);
  }

  /** The previous address; throws at zero. */
  public IpAddress previous() {
    if (hi == 0 && lo == 0) {
      throw new ArithmeticException(this + " is the first " + family + " address");
    }
    return lo == 0 ? new IpAddress(family, hi - 1, -1L) : new IpAddress(family, hi, lo - 1);
  }

  /** The address {@code n} (≥ 0) places after this one. */
  public IpAddress plus(BigInteger n) {
    return of(family, toBigInteger().add(n));
  }

  /** The last byte of the address: 0 and 255 are what {@code avoidBuggyIPs} skips for IPv4. */
  public int lastOctet() {
    return (int) (lo & 0xFF);
  }

  /** An IPv4 address ending in .0 or .255, which some old CPE firmware mistakes for a broadcast. */
  public boolean isBuggyV4() {
    return isV4() && (lastOctet() == 0 || lastOctet() == 255);
  }

  @Override
  public int compareTo(IpAddress o) {
    if (family != o.family) {
      return family.compareTo(o.family);
    }
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.family == family && a.hi == hi && a.lo == lo;
  }

  @Override
  public int hashCode() {
    // mixed (MurmurHash3's fmix64) so that addresses with a common stride, such as every 1024th,
    // spread over a HashMap's buckets instead of piling into a few
    long h = hi * 0x9E3779B97F4A7C15L + lo + family.ordinal();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as "::"). */
  @Override
  public String toString() {
    if (isV4()) {
      return (lo >>> 24) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
      g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static long longAt(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFFL);
    }
    return v;
  }
}
