package io.baremetallb.ipam.dns;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Seeded hostile packets: random bytes, valid queries cut short, and valid queries mutated. */
final class DnsFuzz {
  private final Random random;
  private final List<byte[]> seeds;

  DnsFuzz(long seed) {
    this.random = new Random(seed);
    Message edns = DnsFixtures.query("many.prod.svc.cluster.local", Type.A);
    edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    this.seeds = List.of(DnsAnswererWireTest.DOC_QUERY, edns.toWire(),
        DnsFixtures.query("web.dev.lb.example.test", Type.AAAA).toWire(),
        DnsFixtures.query("alias.dev.svc.cluster.local", Type.ANY).toWire(),
        DnsFixtures.query("cluster.local", Type.NS).toWire());
  }

  /** The next packet; one in three of each kind. */
  byte[] next() {
    switch (random.nextInt(3)) {
      case 0:
        byte[] noise = new byte[random.nextInt(600)];
        random.nextBytes(noise);
        return noise;
      case 1:
        byte[] whole = seed();
        return Arrays.copyOf(whole, random.nextInt(whole.length + 1));
      default:
        return mutate(seed());
    }
  }

  private byte[] seed() {
    return seeds.get(random.nextInt(seeds.size())).clone();
  }

  /** Overwrites, flips bits in, inserts or deletes a few bytes; QR stays clear so it is a query. */
  private byte[] mutate(byte[] packet) {
    byte[] out = packet;
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0:
          out[at] = (byte) random.nextInt(256);
          break;
        case 1:
          out[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 2:
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
          break;
        default:
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter.length == 0 ? packet : shorter;
      }
    }
    if (out.length > 2) {
      out[2] &= 0x7f;
    }
    return out;
  }
}
