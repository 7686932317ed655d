package io.baremetallb.announcer.l2.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.mac;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EthernetFrameTest {
  // Header of a broadcast ARP request captured with tcpdump -xx on a veth (arping 2.23, Linux 6.1)
  static final byte[] UNTAGGED = bytes(
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // destination: broadcast
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // source
      0x08, 0x06,                         // EtherType: ARP
      0xde, 0xad);                        // payload (not parsed at this layer)

  // The same header with an 802.1Q tag: PCP 5, DEI 1, VID 100 (IEEE 802.1Q §9.6)
  static final byte[] TAGGED = bytes(
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // destination: broadcast
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // source
      0x81, 0x00,                         // TPID: 802.1Q
      0xb0, 0x64,                         // TCI: 101 1 000001100100
      0x08, 0x06,                         // EtherType: ARP
      0xde, 0xad);                        // payload

  @Test
  void decodesUntaggedFrame() {
    EthernetFrame f = EthernetFrame.decode(wrap(UNTAGGED));
    assertEquals(EthernetFrame.of(MacAddress.BROADCAST, mac("02:00:00:00:00:0a"),
        EthernetFrame.ETHERTYPE_ARP, bytes(0xde, 0xad)), f);
    assertArrayEquals(UNTAGGED, f.toBytes());
  }

  @Test
  void decodesAndEncodesVlanTag() {
    EthernetFrame f = EthernetFrame.decode(wrap(TAGGED));
    assertEquals(new EthernetFrame(MacAddress.BROADCAST, mac("02:00:00:00:00:0a"),
        Optional.of(new VlanTag(5, true, 100)), EthernetFrame.ETHERTYPE_ARP, bytes(0xde, 0xad)), f);
    assertArrayEquals(TAGGED, f.toBytes());
  }

  @ParameterizedTest(name = "untagged header cut at {0} bytes")
  @ValueSource(ints = {0, 1, 6, 12, 13})
  void rejectsTruncatedHeader(int length) {
    FrameDecodeException e = assertThrows(FrameDecodeException.class,
        () -> EthernetFrame.decode(wrap(UNTAGGED, length)));
    assertEquals(Problem.TRUNCATED, e.problem());
  }

  @ParameterizedTest(name = "tagged header cut at {0} bytes")
  @ValueSource(ints = {14, 15, 16, 17})
  void rejectsTruncatedVlanTag(int length) {
    assertEquals(Problem.TRUNCATED, assertThrows(FrameDecodeException.class,
        () -> EthernetFrame.decode(wrap(TAGGED, length))).problem());
  }

  @Test
  void rejectsIeee8023LengthField() {
    byte[] llc = UNTAGGED.clone();
    llc[12] = 0x00;
    llc[13] = 0x2e; // 46: a length, not an EtherType
    assertEquals(Problem.UNSUPPORTED, assertThrows(FrameDecodeException.class,
        () -> EthernetFrame.decode(wrap(llc))).problem());
  }

  @Test
  void rejectsStackedTags() {
    byte[] qinq = TAGGED.clone();
    qinq[16] = (byte) 0x81;
    qinq[17] = 0x00;
    assertEquals(Problem.UNSUPPORTED, assertThrows(FrameDecodeException.class,
        () -> EthernetFrame.decode(wrap(qinq))).problem());
  }

  @Test
  void payloadIsACopy() {
    byte[] p = bytes(1, 2);
    EthernetFrame f = EthernetFrame.of(MacAddress.BROADCAST, MacAddress.ZERO, 0x0806, p);
    p[0] = 9;
    f.payload()[1] = 9;
    assertArrayEquals(bytes(1, 2), f.payload());
  }
}
