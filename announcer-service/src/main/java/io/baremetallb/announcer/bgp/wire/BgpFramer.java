package io.baremetallb.announcer.bgp.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Finds message boundaries in a TCP byte stream (RFC 4271 §4.1): checks marker and length as soon
 * as a header is in, and hands out whole messages for {@link BgpCodec#decode}. It keeps no state:
 * the caller's buffer (in read mode) holds the partial message until more bytes arrive.
 */
public final class BgpFramer {
  public static final int HEADER_LENGTH = 19;
  public static final int MARKER_LENGTH = 16;
  /** RFC 4271 §4.1; the Extended Message capability (RFC 8654) is not offered. */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  private BgpFramer() {
  }

  /**
   * The next complete message, or empty if the buffer does not hold one yet. On success the
   * buffer's position moves past the message.
   *
   * @throws BgpDecodeException Message Header Error when the marker or length is bad
   */
  public static Optional<ByteBuffer> next(ByteBuffer stream) {
    if (stream.remaining() < HEADER_LENGTH) {
      return Optional.empty();
    }
    int start = stream.position();
    int length = checkHeader(stream, start);
    if (stream.remaining() < length) {
      return Optional.empty();
    }
    ByteBuffer frame = stream.slice(start, length);
    stream.position(start + length);
    return Optional.of(frame);
  }

  /** Checks marker and length of the header at {@code at}; returns the length. */
  static int checkHeader(ByteBuffer buf, int at) {
    for (int i = 0; i < MARKER_LENGTH; i++) {
      if (buf.get(at + i) != (byte) 0xff) {
        // RFC 4271 §6.1: marker must be all ones
        throw new BgpDecodeException(ErrorCode.MESSAGE_HEADER, ErrorCode.CONNECTION_NOT_SYNCHRONIZED,
            "marker octet " + i + " is 0x" + Integer.toHexString(buf.get(at + i) & 0xff) + ", not 0xff");
      }
    }
    int length = buf.getShort(at + MARKER_LENGTH) & 0xffff;
    if (length < HEADER_LENGTH || length > MAX_MESSAGE_LENGTH) {
      throw badLength(length, "header length " + length + " outside 19..4096");
    }
    return length;
  }

  static BgpDecodeException badLength(int length, String why) {
    // RFC 4271 §6.1: the Data field holds the erroneous Length field.
    return new BgpDecodeException(ErrorCode.MESSAGE_HEADER, ErrorCode.BAD_MESSAGE_LENGTH,
        new byte[] {(byte) (length >> 8), (byte) length}, why);
  }
}
