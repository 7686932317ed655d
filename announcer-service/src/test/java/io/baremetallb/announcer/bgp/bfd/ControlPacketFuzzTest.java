package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million random and mutated datagrams (from FRR's captured packets and our own vectors): the
 * decoder either returns a packet that re-encodes to an equal one, or throws BfdDecodeException;
 * nothing else ever comes out.
 */
class ControlPacketFuzzTest {
  @Test
  void onlyDecodeErrorsComeOutOfAMillionMutatedPackets() {
    List<byte[]> seeds = new java.util.ArrayList<>(ControlPacketTest.frrCapture());
    seeds.add(ControlPacketTest.UP_POLL);
    seeds.add(ControlPacketTest.DOWN_SHA1);
    SplittableRandom random = new SplittableRandom(5880);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < 1_000_000; i++) {
      byte[] b = mutate(seeds.get(random.nextInt(seeds.size())), random);
      ControlPacket p;
      try {
        p = ControlPacket.decode(ByteBuffer.wrap(b));
      } catch (BfdDecodeException e) {
        rejected++;
        continue;
      }
      accepted++;
      if (p.diag() != Diagnostic.RESERVED && !(p.poll() && p.fin())) {
        assertEquals(p, ControlPacket.decode(ByteBuffer.wrap(p.encode())), () -> Arrays.toString(b));
      }
    }
    assertTrue(accepted > 10_000 && rejected > 10_000, accepted + " accepted, " + rejected + " rejected");
  }

  private static byte[] mutate(byte[] seed, SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0 -> {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
      }
      case 1 -> {
        return Arrays.copyOf(seed, random.nextInt(seed.length + 8));
      }
      default -> {
        byte[] b = seed.clone();
        for (int n = random.nextInt(1, 4); n > 0; n--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
    }
  }
}
