package io.baremetallb.announcer.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** BGP-specific helpers for byte vectors; the generic ones are in l2.wire.TestBytes. */
public final class Bytes {
  private Bytes() {
  }

  /** RFC 4271 §4.1: sixteen octets of all ones. */
  public static byte[] marker() {
    byte[] m = new byte[16];
    Arrays.fill(m, (byte) 0xff);
    return m;
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
