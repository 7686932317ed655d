package io.baremetallb.bench.bgp;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MRT TABLE_DUMP_V2 file (RFC 6396 §4.3) of IPv6 /128s, which {@code gobgp mrt inject global}
 * loads into gobgpd's RIB in one stream: the fastest way to give gobgpd many routes (one
 * {@code gobgp global rib add} costs 50–90 ms).
 */
final class MrtFile {
  private static final int TABLE_DUMP_V2 = 13;
  private static final int PEER_INDEX_TABLE = 1;
  private static final int RIB_IPV6_UNICAST = 4;
  /** LAB-NOTES: gobgp mrt inject drops the tail of its input; the padding repeats the last route. */
  private static final int PADDING_RECORDS = 2048;

  private MrtFile() {
  }

  static void write(Path file, String base, int count, InetAddress nextHop, InetAddress peerId) throws IOException {
    BigInteger first = new BigInteger(1, InetAddress.getByName(base).getAddress());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(record(PEER_INDEX_TABLE, peerIndexTable(peerId)));
      for (int i = 0; i < count + PADDING_RECORDS; i++) {
        BigInteger address = first.add(BigInteger.valueOf(Math.min(i, count - 1)));
        out.write(record(RIB_IPV6_UNICAST, rib(i, sixteen(address), nextHop.getAddress())));
      }
    }
  }

  // common header: timestamp(4) type(2) subtype(2) length(4), then the body
  private static byte[] record(int subtype, byte[] body) {
    return ByteBuffer.allocate(12 + body.length).putInt(0).putShort((short) TABLE_DUMP_V2).putShort((short) subtype)
        .putInt(body.length).put(body).array();
  }

  // collector id(4) view name length(2)=0 peer count(2)=1; peer: type(1)=AS4+IPv4 bgp id(4) address(4) AS(4)
  private static byte[] peerIndexTable(InetAddress peerId) {
    byte[] id = peerId.getAddress();
    return ByteBuffer.allocate(4 + 2 + 2 + 1 + 4 + 4 + 4).put(id).putShort((short) 0).putShort((short) 1)
        .put((byte) 0x02).put(id).put(id).putInt(64514).array();
  }

  // sequence(4) prefix length(1) prefix(16) entries(2)=1; entry: peer index(2) time(4) attribute length(2) attributes
  private static byte[] rib(int sequence, byte[] prefix, byte[] nextHop) {
    ByteBuffer attrs = ByteBuffer.allocate(64);
    attrs.put((byte) 0x40).put((byte) 1).put((byte) 1).put((byte) 0);            // ORIGIN IGP
    attrs.put((byte) 0x40).put((byte) 2).put((byte) 0);                          // AS_PATH empty: gobgpd prepends its AS
    attrs.put((byte) 0x80).put((byte) 14).put((byte) (2 + 1 + 1 + 16 + 1 + 1 + 16)); // MP_REACH_NLRI, full form
    attrs.putShort((short) 2).put((byte) 1).put((byte) 16).put(nextHop).put((byte) 0).put((byte) 128).put(prefix);
    attrs.flip();
    ByteBuffer b = ByteBuffer.allocate(4 + 1 + 16 + 2 + 2 + 4 + 2 + attrs.remaining());
    b.putInt(sequence).put((byte) 128).put(prefix).putShort((short) 1);
    b.putShort((short) 0).putInt(0).putShort((short) attrs.remaining()).put(attrs);
    return b.array();
  }

  private static byte[] sixteen(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[16];
    System.arraycopy(raw, Math.max(0, raw.length - 16), out, Math.max(0, 16 - raw.length), Math.min(16, raw.length));
    return out;
  }
}
