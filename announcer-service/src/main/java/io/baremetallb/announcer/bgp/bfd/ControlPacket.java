package io.baremetallb.announcer.bgp.bfd;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A BFD control packet (RFC 5880 §4.1). Intervals are in microseconds, as on the wire;
 * discriminators are opaque 32-bit values held in an {@code int}.
 *
 * @param diag the sender's diagnostic
 * @param state the sender's session state
 * @param poll P: the sender asks for a Final (parameter change, §6.5)
 * @param fin F: the answer to a Poll
 * @param controlPlaneIndependent C
 * @param demand D: the sender wants demand mode
 * @param detectMult detection time multiplier, 1..255
 * @param myDiscriminator the sender's discriminator, never 0
 * @param yourDiscriminator ours as the sender knows it, 0 when it does not
 * @param desiredMinTx Desired Min TX Interval, µs
 * @param requiredMinRx Required Min RX Interval, µs (0: send nothing to me)
 * @param requiredMinEchoRx Required Min Echo RX Interval, µs (0: no echo)
 * @param authentication the authentication section; present exactly when the A bit is set
 */
public record ControlPacket(
    Diagnostic diag,
    BfdState state,
    boolean poll,
    boolean fin,
    boolean controlPlaneIndependent,
    boolean demand,
    int detectMult,
    int myDiscriminator,
    int yourDiscriminator,
    long desiredMinTx,
    long requiredMinRx,
    long requiredMinEchoRx,
    Optional<Authentication> authentication) {

  /** The only version RFC 5880 defines. */
  public static final int VERSION = 1;
  /** The mandatory section; the packet is this long when the A bit is clear. */
  public static final int MANDATORY_LENGTH = 24;
  /** The shortest legal packet with the A bit set (§6.8.6). */
  public static final int MIN_AUTHENTICATED_LENGTH = 26;
  private static final long MAX_U32 = 0xffffffffL;
  private static final int POLL = 0x20;
  private static final int FINAL = 0x10;
  private static final int CPI = 0x08;
  private static final int AUTH = 0x04;
  private static final int DEMAND = 0x02;
  private static final int MULTIPOINT = 0x01;

  public ControlPacket {
    if (detectMult < 1 || detectMult > 255) {
      throw new IllegalArgumentException("Detect Mult " + detectMult + " is not in 1..255");
    }
    for (long v : new long[] {desiredMinTx, requiredMinRx, requiredMinEchoRx}) {
      if (v < 0 || v > MAX_U32) {
        throw new IllegalArgumentException("interval " + v + " µs does not fit 32 bits");
      }
    }
  }

  /** The Length field: 24, plus the authentication section. */
  public int length() {
    return MANDATORY_LENGTH + authentication.map(Authentication::length).orElse(0);
  }

  /*
   *  0                   1                   2                   3
   *  |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
   *  |                       My Discriminator                        |
   *  |                      Your Discriminator                       |
   *  |                    Desired Min TX Interval                    |
   *  |                   Required Min RX Interval                    |
   *  |                 Required Min Echo RX Interval                 |
   *  |   Auth Type   |   Auth Len    |    Authentication Data...     |   (A bit set)
   */
  public void encode(ByteBuffer out) {
    if (poll && fin) {
      throw new IllegalArgumentException("RFC 5880 §6.5: a control packet MUST NOT have both Poll and Final set");
    }
    if (diag == Diagnostic.RESERVED) {
      throw new IllegalArgumentException("a reserved diagnostic is never sent");
    }
    out.put((byte) (VERSION << 5 | diag.code()));
    int flags = (poll ? POLL : 0) | (fin ? FINAL : 0) | (controlPlaneIndependent ? CPI : 0)
        | (authentication.isPresent() ? AUTH : 0) | (demand ? DEMAND : 0);
    out.put((byte) (state.code() << 6 | flags));
    out.put((byte) detectMult).put((byte) length());
    out.putInt(myDiscriminator).putInt(yourDiscriminator);
    out.putInt((int) desiredMinTx).putInt((int) requiredMinRx).putInt((int) requiredMinEchoRx);
    authentication.ifPresent(a -> a.encode(out));
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(length());
    encode(b);
    return b.array();
  }

  /**
   * Decodes one UDP payload: everything {@code in} holds. Applies the checks of RFC 5880 §6.8.6
   * that need nothing but the packet; the ones that need a session (Your Discriminator, the A
   * bit against our configuration) are {@link BfdSession}'s and {@link SessionTable}'s.
   *
   * @throws BfdDecodeException naming the field when the packet is to be discarded
   */
  public static ControlPacket decode(ByteBuffer in) {
    int payload = in.remaining();
    if (payload < MANDATORY_LENGTH) {
      throw new BfdDecodeException("Length", "UDP payload of " + payload + " bytes is shorter than the "
          + MANDATORY_LENGTH + "-byte mandatory section");
    }
    int first = in.get() & 0xff;
    int second = in.get() & 0xff;
    int detectMult = in.get() & 0xff;
    int length = in.get() & 0xff;
    if (first >>> 5 != VERSION) {
      throw new BfdDecodeException("Vers", "version " + (first >>> 5) + ", only " + VERSION + " exists");
    }
    boolean authenticated = (second & AUTH) != 0;
    int minimum = authenticated ? MIN_AUTHENTICATED_LENGTH : MANDATORY_LENGTH;
    if (length < minimum) {
      throw new BfdDecodeException("Length", length + " is below " + minimum + (authenticated ? " with" : " without")
          + " the A bit");
    }
    if (length > payload) {
      throw new BfdDecodeException("Length", length + " is more than the " + payload + "-byte UDP payload");
    }
    if (detectMult == 0) {
      throw new BfdDecodeException("Detect Mult", "zero");
    }
    if ((second & MULTIPOINT) != 0) {
      throw new BfdDecodeException("M", "the Multipoint bit is set (reserved for point-to-multipoint, RFC 5880 §4.1)");
    }
    int myDiscriminator = in.getInt();
    if (myDiscriminator == 0) {
      throw new BfdDecodeException("My Discriminator", "zero");
    }
    int yourDiscriminator = in.getInt();
    long desiredMinTx = in.getInt() & MAX_U32;
    long requiredMinRx = in.getInt() & MAX_U32;
    long requiredMinEchoRx = in.getInt() & MAX_U32;
    Optional<Authentication> auth = Optional.empty();
    if (authenticated) {
      auth = Optional.of(Authentication.decode(in.slice(in.position(), length - MANDATORY_LENGTH)));
    }
    // Bytes past Length (without the A bit) are not part of the packet: the RFC only discards
    // packets whose Length is too small or larger than the payload.
    return new ControlPacket(Diagnostic.valueOf(first & 0x1f), BfdState.valueOf(second >>> 6),
        (second & POLL) != 0, (second & FINAL) != 0, (second & CPI) != 0, (second & DEMAND) != 0,
        detectMult, myDiscriminator, yourDiscriminator, desiredMinTx, requiredMinRx, requiredMinEchoRx, auth);
  }
}
