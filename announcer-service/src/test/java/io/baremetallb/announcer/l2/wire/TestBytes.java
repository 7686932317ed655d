package io.baremetallb.announcer.l2.wire;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Byte-vector helpers for codec and responder tests. */
public final class TestBytes {
  private TestBytes() {
  }

  /** Unsigned byte values, so vectors read like a capture (192, 168, …). */
  public static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 255) {
        throw new IllegalArgumentException("not a byte: " + values[i]);
      }
      b[i] = (byte) values[i];
    }
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  public static ByteBuffer wrap(byte[] b) {
    return ByteBuffer.wrap(b);
  }

  /** The first {@code length} bytes only: a truncated capture. */
  public static ByteBuffer wrap(byte[] b, int length) {
    return ByteBuffer.wrap(Arrays.copyOf(b, length));
  }

  public static Inet4Address ip4(String literal) {
    return (Inet4Address) ip(literal);
  }

  public static Inet6Address ip6(String literal) {
    return (Inet6Address) ip(literal);
  }

  public static MacAddress mac(String text) {
    return MacAddress.parse(text);
  }

  private static InetAddress ip(String literal) {
    try {
      // Literals only: getByName never resolves a literal.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
