package io.baremetallb.announcer.l2.wire;

/**
 * The one exception every layer-2 decoder throws: the bytes are not a frame we can read.
 * {@link #problem()} says which kind of failure it was, so a responder can count it as a drop reason.
 */
public final class FrameDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of input was rejected. */
  public enum Problem {
    /** Fewer bytes than the layout or a length field requires. */
    TRUNCATED,
    /** A field holds a value the specification forbids (version, length zero option, …). */
    MALFORMED,
    /** A valid value we do not handle (an 802.3 length frame, an ARP for another address family, …). */
    UNSUPPORTED,
    /** The ICMPv6 checksum does not match the pseudo-header and the message. */
    BAD_CHECKSUM
  }

  private final Problem problem;

  public FrameDecodeException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Throws {@link Problem#TRUNCATED} unless {@code needed} bytes remain for {@code what}. */
  static void require(java.nio.ByteBuffer in, int needed, String what) {
    if (in.remaining() < needed) {
      throw new FrameDecodeException(Problem.TRUNCATED,
          what + ": needs " + needed + " bytes, " + in.remaining() + " left");
    }
  }
}
