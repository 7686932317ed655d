package io.baremetallb.announcer.l2.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.l2.wire.TestBytes.ip4;
import static io.baremetallb.announcer.l2.wire.TestBytes.mac;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArpPacketTest {
  // who-has 192.0.2.11 tell 192.0.2.10: arping 2.23 on Linux 6.1, captured with tcpdump -xx,
  // payload as sent (arping pads the frame; the padding is not part of the ARP packet)
  static final byte[] WHO_HAS = bytes(
      0x00, 0x01,                         // hardware type: Ethernet
      0x08, 0x00,                         // protocol type: IPv4
      6,                                  // hardware address length
      4,                                  // protocol address length
      0x00, 0x01,                         // operation: request
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // sender hardware address
      192, 0, 2, 10,                      // sender protocol address
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target hardware address: unknown
      192, 0, 2, 11);                     // target protocol address
  static final byte[] PADDING = new byte[16];

  // 192.0.2.11 is-at 02:00:00:00:00:0b: the Linux kernel's answer to WHO_HAS, same capture
  static final byte[] IS_AT = bytes(
      0x00, 0x01,                         // hardware type: Ethernet
      0x08, 0x00,                         // protocol type: IPv4
      6,                                  // hardware address length
      4,                                  // protocol address length
      0x00, 0x02,                         // operation: reply
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // sender hardware address
      192, 0, 2, 11,                      // sender protocol address
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a, // target hardware address
      192, 0, 2, 10);                     // target protocol address

  // Gratuitous request for 192.0.2.100 (RFC 5227 §3 "ARP Announcement" layout)
  static final byte[] GRATUITOUS = bytes(
      0x00, 0x01,                         // hardware type: Ethernet
      0x08, 0x00,                         // protocol type: IPv4
      6,                                  // hardware address length
      4,                                  // protocol address length
      0x00, 0x01,                         // operation: request
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, // sender hardware address: the new owner
      192, 0, 2, 100,                     // sender protocol address: the VIP
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target hardware address: zero
      192, 0, 2, 100);                    // target protocol address: the VIP again

  static final ArpPacket REQUEST = ArpPacket.of(ArpOperation.REQUEST, mac("02:00:00:00:00:0a"),
      ip4("192.0.2.10"), MacAddress.ZERO, ip4("192.0.2.11"));

  @Test
  void decodesPaddedRequest() {
    assertEquals(REQUEST, ArpPacket.decode(wrap(concat(WHO_HAS, PADDING))));
  }

  @Test
  void encodesRequest() {
    assertArrayEquals(WHO_HAS, REQUEST.toBytes());
  }

  @Test
  void replyGoesBackToTheRequester() {
    ArpPacket reply = REQUEST.replyFrom(mac("02:00:00:00:00:0b"));
    assertArrayEquals(IS_AT, reply.toBytes());
    assertEquals(reply, ArpPacket.decode(wrap(IS_AT)));
  }

  @Test
  void gratuitousRequestNamesTheVipTwice() {
    assertArrayEquals(GRATUITOUS,
        ArpPacket.gratuitousRequest(mac("02:00:00:00:00:0b"), ip4("192.0.2.100")).toBytes());
  }

  @Test
  void keepsForeignHardwareTypeForTheResponderToDrop() {
    byte[] ieee802 = WHO_HAS.clone();
    ieee802[1] = 6; // hardware type 6: IEEE 802 networks
    assertEquals(6, ArpPacket.decode(wrap(ieee802)).hardwareType());
  }

  static IntStream truncatedLengths() {
    return IntStream.range(0, ArpPacket.LENGTH);
  }

  @ParameterizedTest(name = "request cut at {0} bytes")
  @MethodSource("truncatedLengths")
  void rejectsTruncated(int length) {
    assertEquals(Problem.TRUNCATED, assertThrows(FrameDecodeException.class,
        () -> ArpPacket.decode(wrap(WHO_HAS, length))).problem());
  }

  @Test
  void rejectsOtherAddressLengths() {
    byte[] infiniband = WHO_HAS.clone();
    infiniband[4] = 20; // IPoIB hardware addresses are 20 bytes
    assertEquals(Problem.UNSUPPORTED, assertThrows(FrameDecodeException.class,
        () -> ArpPacket.decode(wrap(infiniband))).problem());
  }

  @Test
  void rejectsRarpOperation() {
    byte[] rarp = WHO_HAS.clone();
    rarp[7] = 3; // RFC 903 reverse request
    assertEquals(Problem.UNSUPPORTED, assertThrows(FrameDecodeException.class,
        () -> ArpPacket.decode(wrap(rarp))).problem());
  }
}
