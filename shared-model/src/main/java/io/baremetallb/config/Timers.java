package io.baremetallb.config;

import java.time.Duration;

/** BGP session timers as MetalLB checks them ({@code parseTimers} and the legacy converter). */
final class Timers {
  static final Duration MIN_HOLD = Duration.ofSeconds(3);

  private Timers() {}

  /**
   * Hold time and keepalive, in whole seconds (fractions are dropped, as MetalLB rounds them).
   * Neither set: 90s and 30s. One set: the other is three times / a third of it. The hold time
   * must be 0 or at least 3s (RFC 4271 §4.2), the keepalive no longer than the hold time. On a
   * problem, the defaults are returned and the problem is recorded.
   */
  static Duration[] holdAndKeepalive(Fields f, Dialect d) {
    String holdKey = d.key("holdTime");
    String kaKey = d.key("keepaliveTime");
    Duration hold = duration(f, holdKey);
    Duration ka = duration(f, kaKey);
    if (hold == null && f.has(holdKey) || ka == null && f.has(kaKey)) {
      // already reported as unreadable; checking what is left would only confuse
      return new Duration[] {BgpPeer.DEFAULT_HOLD_TIME, BgpPeer.DEFAULT_HOLD_TIME.dividedBy(3)};
    }
    boolean holdGiven = hold != null;
    if (hold == null && ka == null) {
      hold = BgpPeer.DEFAULT_HOLD_TIME;
      ka = hold.dividedBy(3);
    } else if (ka == null) {
      ka = hold.dividedBy(3);
    } else if (hold == null) {
      hold = ka.multipliedBy(3);
    }
    hold = Duration.ofSeconds(hold.getSeconds() + (hold.isNegative() && hold.getNano() > 0 ? 1 : 0));
    ka = Duration.ofSeconds(ka.getSeconds() + (ka.isNegative() && ka.getNano() > 0 ? 1 : 0));
    Path holdPath = holdGiven ? f.at(holdKey) : f.at(kaKey);
    if (!hold.isZero() && hold.compareTo(MIN_HOLD) < 0) {
      f.problems().value(holdPath, text(f, holdGiven ? holdKey : kaKey),
          holdGiven ? "hold time must be 0 or at least 3s" : "gives a hold time of " + hold.getSeconds()
              + "s (three keepalives), which must be 0 or at least 3s");
    } else if (ka.compareTo(hold) > 0) {
      f.problems().value(f.at(kaKey), text(f, kaKey),
          "keepalive time must not be longer than the hold time (" + hold.getSeconds() + "s)");
    }
    return new Duration[] {hold, ka};
  }

  /** {@code connectTime}: whole seconds from 1s to 65535s (the CRD's CEL rules). */
  static Duration connectTime(Fields f) {
    Duration c = duration(f, "connectTime");
    if (c == null) {
      return null;
    }
    if (c.getNano() != 0) {
      f.problems().value(f.at("connectTime"), f.string("connectTime"), "connect time must be whole seconds");
      return null;
    }
    if (c.getSeconds() < 1 || c.getSeconds() > 65535) {
      f.problems().value(f.at("connectTime"), f.string("connectTime"), "connect time must be between 1s and 65535s");
      return null;
    }
    return c;
  }

  private static Duration duration(Fields f, String key) {
    String s = f.string(key);
    if (s == null) {
      return null;
    }
    try {
      return GoDuration.parse(s.trim());
    } catch (IllegalArgumentException e) {
      f.problems().value(f.at(key), s, e.getMessage());
      return null;
    }
  }

  private static String text(Fields f, String key) {
    return f.string(key);
  }
}
