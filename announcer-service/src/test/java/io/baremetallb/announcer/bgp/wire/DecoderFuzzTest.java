package io.baremetallb.announcer.bgp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One million random and mutated messages into the decoder, from a fixed seed so a failure
 * reproduces. Whatever comes in, the decoder returns a result or throws BgpDecodeException;
 * an accepted message encodes back to an equal one.
 */
class DecoderFuzzTest {
  static final int MESSAGES = 1_000_000;
  static final long SEED = 0x4271_7606L;

  @Test
  void decoderOnlyEverAcceptsOrRaisesDecodeError() {
    List<byte[]> seeds = new ArrayList<>(Vectors.all());
    for (String capture : List.of("bird.hex", "gobgp.hex", "frr.hex")) {
      seeds.addAll(RealCaptureTest.capture(capture));
    }
    long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    SplittableRandom random = new SplittableRandom(SEED);
    int[] outcomes = new int[3]; // accepted, RFC 7606 handled, decode error
    for (int i = 0; i < MESSAGES; i++) {
      byte[] input = i % 10 == 0 ? randomMessage(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
      outcomes[decodeOnce(input, i)]++;
    }
    long cpuMs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
    System.out.println("METRIC bgp_fuzz_cpu_ms=" + cpuMs + " ms (accepted=" + outcomes[0] + " rfc7606=" + outcomes[1]
        + " errors=" + outcomes[2] + ")");
    // Mutations must reach past the header: a fuzz run that only hits length errors proves little.
    assertTrue(outcomes[0] > MESSAGES / 20, "accepted " + Arrays.toString(outcomes));
    assertTrue(outcomes[1] > MESSAGES / 200, "RFC 7606 handled " + Arrays.toString(outcomes));
    assertTrue(outcomes[2] > MESSAGES / 20, "decode errors " + Arrays.toString(outcomes));
  }

  private static int decodeOnce(byte[] input, int i) {
    try {
      DecodeResult r = BgpCodec.decode(ByteBuffer.wrap(input), CodecOptions.FOUR_OCTET_AS);
      if (r instanceof DecodeResult.Accepted a && !(a.message() instanceof Open o && capabilityBytes(o) > 253)) {
        assertEquals(a.message(), BgpCodec.decode(ByteBuffer.wrap(BgpCodec.encode(a.message()))), () -> describe(i, input));
      }
      return r instanceof DecodeResult.Accepted ? 0 : 1;
    } catch (BgpDecodeException e) {
      return 2;
    } catch (RuntimeException | AssertionError e) {
      fail(describe(i, input) + " threw " + e, e);
      return -1;
    }
  }

  /** OPENs whose capabilities came in several parameters may not fit one parameter again. */
  private static int capabilityBytes(Open o) {
    int n = 0;
    for (Capability c : o.capabilities()) {
      n += 2 + (c instanceof Capability.Unknown u ? u.value().length : 32);
    }
    return n;
  }

  private static String describe(int i, byte[] input) {
    return "message #" + i + " (seed " + SEED + "): " + HexFormat.of().formatHex(input);
  }

  /** A header with a valid marker, a random type and a random body. */
  private static byte[] randomMessage(SplittableRandom r) {
    byte[] b = new byte[19 + r.nextInt(120)];
    r.nextBytes(b);
    Arrays.fill(b, 0, 16, (byte) 0xff);
    b[18] = (byte) (1 + r.nextInt(5));
    fixLength(b);
    return b;
  }

  private static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(5)) {
        case 0 -> b[bodyIndex(b, r)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, Math.max(19, b.length - 1 - r.nextInt(8)));
        case 3 -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
        default -> b[bodyIndex(b, r)] = (byte) (r.nextBoolean() ? 0 : 0xff);
      }
    }
    if (r.nextInt(8) != 0) {
      fixLength(b); // most of the time, let the message past the header checks
    }
    return b;
  }

  /** Mostly a byte after the header, where the interesting parsing happens. */
  private static int bodyIndex(byte[] b, SplittableRandom r) {
    return b.length > 19 ? 19 + r.nextInt(b.length - 19) : r.nextInt(b.length);
  }

  private static void fixLength(byte[] b) {
    b[16] = (byte) (b.length >> 8);
    b[17] = (byte) b.length;
  }
}
