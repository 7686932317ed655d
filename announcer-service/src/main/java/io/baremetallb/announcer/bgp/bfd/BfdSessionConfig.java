package io.baremetallb.announcer.bgp.bfd;

import io.baremetallb.config.BfdProfile;

/**
 * What one session asks of its peer, in the units of the wire (µs).
 *
 * @param desiredMinTx bfd.DesiredMinTxInterval once Up; 1 s applies before (RFC 5880 §6.8.3)
 * @param requiredMinRx bfd.RequiredMinRxInterval
 * @param detectMult bfd.DetectMult, 1..255
 * @param passive take the Passive role (§6.1): send nothing until the peer has spoken
 * @param minimumTtl received packets with a lower TTL or hop limit are dropped
 */
public record BfdSessionConfig(long desiredMinTx, long requiredMinRx, int detectMult, boolean passive, int minimumTtl) {
  /** RFC 5881 §5: a single-hop session sends with TTL 255 and accepts only 255. */
  public static final int SINGLE_HOP_TTL = 255;

  public BfdSessionConfig {
    if (desiredMinTx < 1 || desiredMinTx > 0xffffffffL) {
      throw new IllegalArgumentException("desiredMinTx " + desiredMinTx + " µs is not in 1..2^32-1 (RFC 5880 §6.8.1: never zero)");
    }
    if (requiredMinRx < 0 || requiredMinRx > 0xffffffffL) {
      throw new IllegalArgumentException("requiredMinRx " + requiredMinRx + " µs is not in 0..2^32-1");
    }
    if (detectMult < 1 || detectMult > 255) {
      throw new IllegalArgumentException("detectMult " + detectMult + " is not in 1..255");
    }
    if (minimumTtl < 1 || minimumTtl > 255) {
      throw new IllegalArgumentException("minimumTtl " + minimumTtl + " is not in 1..255");
    }
  }

  /**
   * The session a BFDProfile asks for on a single-hop (directly connected) peer. The profile's
   * {@code minimumTtl} is for multi-hop sessions, as in MetalLB and FRR; RFC 5881 §5 fixes 255
   * for single hop, so a packet that crossed a router is never accepted.
   *
   * @throws IllegalArgumentException naming the profile when it asks for the echo function,
   *     which this speaker does not implement
   */
  public static BfdSessionConfig singleHop(BfdProfile profile) {
    if (profile.echoMode()) {
      throw new IllegalArgumentException("BFDProfile " + profile.name()
          + ": echoMode is true, but this speaker runs BFD in asynchronous mode without the echo function; set echoMode: false");
    }
    return new BfdSessionConfig(profile.transmitInterval() * 1000L, profile.receiveInterval() * 1000L,
        profile.detectMultiplier(), profile.passiveMode(), SINGLE_HOP_TTL);
  }
}
