package io.baremetallb.announcer.bgp.wire;

import java.nio.ByteBuffer;

/**
 * Bounded reads from a ByteBuffer: running past the end becomes the {@link BgpDecodeException}
 * chosen by the caller (the NOTIFICATION that RFC 4271 §6 names for that part of the message),
 * never a BufferUnderflowException.
 */
final class WireReader {
  private final ByteBuffer buf;
  private final ErrorCode code;
  private final int subcode;
  private final String what;

  WireReader(ByteBuffer buf, ErrorCode code, int subcode, String what) {
    this.buf = buf;
    this.code = code;
    this.subcode = subcode;
    this.what = what;
  }

  int remaining() {
    return buf.remaining();
  }

  boolean hasRemaining() {
    return buf.hasRemaining();
  }

  int u8() {
    need(1);
    return buf.get() & 0xff;
  }

  int u16() {
    need(2);
    return buf.getShort() & 0xffff;
  }

  long u32() {
    need(4);
    return buf.getInt() & 0xffffffffL;
  }

  byte[] bytes(int n) {
    need(n);
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }

  /** The next n bytes as an independent buffer; this reader moves past them. */
  ByteBuffer slice(int n) {
    need(n);
    ByteBuffer s = buf.slice();
    s.limit(n);
    buf.position(buf.position() + n);
    return s;
  }

  private void need(int n) {
    if (n < 0 || buf.remaining() < n) {
      throw new BgpDecodeException(code, subcode,
          what + ": needs " + n + " more bytes at offset " + buf.position() + ", has " + buf.remaining());
    }
  }
}
