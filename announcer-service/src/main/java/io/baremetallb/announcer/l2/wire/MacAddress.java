package io.baremetallb.announcer.l2.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A 48-bit IEEE 802 MAC address, held in the low 48 bits of a long so that equality is cheap. */
public record MacAddress(long bits) {
  public static final int LENGTH = 6;
  public static final MacAddress ZERO = new MacAddress(0L);
  public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
  private static final long MASK = 0xffff_ffff_ffffL;

  public MacAddress {
    if ((bits & ~MASK) != 0) {
      throw new IllegalArgumentException("a MAC address has 48 bits, not " + Long.toHexString(bits));
    }
  }

  /** From the first six bytes of {@code b}. */
  public static MacAddress of(byte[] b) {
    if (b.length != LENGTH) {
      throw new IllegalArgumentException("a MAC address has 6 bytes, not " + b.length);
    }
    return read(ByteBuffer.wrap(b));
  }

  /** Parses {@code 02:00:00:00:00:0a} (colons or dashes, any case). */
  public static MacAddress parse(String text) {
    String[] parts = text.split("[:-]");
    if (parts.length != LENGTH) {
      throw new IllegalArgumentException("not a MAC address: '" + text + "'");
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 2) {
        throw new IllegalArgumentException("not a MAC address: '" + text + "'");
      }
      try {
        v = (v << 8) | Integer.parseInt(p, 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
      }
    }
    return new MacAddress(v);
  }

  /** Reads six bytes at the buffer's position. */
  public static MacAddress read(ByteBuffer in) {
    FrameDecodeException.require(in, LENGTH, "MAC address");
    long v = 0;
    for (int i = 0; i < LENGTH; i++) {
      v = (v << 8) | (in.get() & 0xff);
    }
    return new MacAddress(v);
  }

  public void write(ByteBuffer out) {
    for (int shift = 40; shift >= 0; shift -= 8) {
      out.put((byte) (bits >>> shift));
    }
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    write(b);
    return b.array();
  }

  /** The I/G bit (least significant bit of the first byte): group addresses, broadcast included. */
  public boolean isMulticast() {
    return (bits & 0x0100_0000_0000L) != 0;
  }

  @Override
  public String toString() {
    return HexFormat.ofDelimiter(":").formatHex(toBytes());
  }
}
