package io.baremetallb.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} syntax, which MetalLB uses for {@code hold-time} and the CRDs use
 * for {@code metav1.Duration}: an optional sign, then one or more decimal numbers each with a unit
 * ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 90s},
 * {@code 1m30s}, {@code 1.5h}. A bare {@code 0} is allowed.
 */
final class GoDuration {
  private static final Map<String, Long> NANOS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** The duration, or throws {@link IllegalArgumentException} saying what is wrong. */
  static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("not a duration (write it like 90s, 1m30s or 500ms)");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("not a duration (write it like 90s, 1m30s or 500ms)");
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("missing unit in duration (write it like 90s)");
      }
      Long factor = NANOS.get(unit);
      if (factor == null) {
        throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration (use ns, us, ms, s, m or h)");
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(factor)));
      if (total.compareTo(MAX_NANOS) > 0) {
        throw new IllegalArgumentException("duration is too long");
      }
    }
    long nanos = total.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }
}
