package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.bgp.wire.Bytes.marker;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row: a malformed message and the NOTIFICATION (code/subcode) RFC 4271 §6 asks for. */
class MalformedMessageTest {
  static final byte[] ORIGIN = bytes(0x40, 1, 1, 0);
  static final byte[] AS_PATH = bytes(0x40, 2, 0);
  static final byte[] NEXT_HOP = bytes(0x40, 3, 4, 192, 0, 2, 11);
  static final byte[] NLRI = bytes(32, 203, 0, 113, 10);

  static Stream<Arguments> rows() {
    return Stream.of(
        row("marker with a zero bit", BgpCodecTest.keepaliveWith(0, 0xfe), 1, 1),
        row("length field below 19", BgpCodecTest.keepaliveWith(17, 18), 1, 2),
        row("KEEPALIVE with a body", BgpCodecTest.withLength(Vectors.KEEPALIVE, 1), 1, 2),
        row("unknown message type 9", BgpCodecTest.keepaliveWith(18, 9), 1, 3),
        row("OPEN shorter than 29", BgpCodecTest.withLength(concat(marker(), bytes(0, 19, 1)), 9), 1, 2),
        row("OPEN version 3", with(Vectors.OPEN, 19, 3), 2, 1),
        row("OPEN optional parameter type 1 (authentication, RFC 5492 deprecated)", with(Vectors.OPEN, 29, 1), 2, 4),
        row("OPEN optional parameters longer than the message", with(Vectors.OPEN, 28, 33), 2, 0),
        row("OPEN multiprotocol capability of 3 bytes", with(Vectors.OPEN, 32, 3), 2, 0),
        row("OPEN capability running past its parameter", with(Vectors.OPEN, 30, 29), 2, 0),
        row("NOTIFICATION of 20 bytes", BgpCodecTest.withLength(concat(marker(), bytes(0, 19, 3)), 1), 1, 2),
        row("ROUTE-REFRESH of 24 bytes", BgpCodecTest.withLength(Vectors.ROUTE_REFRESH, 1), 7, 1),
        row("withdrawn routes length past the end", with(Vectors.UPDATE_V4, 20, 0x70), 3, 1),
        row("total attribute length past the end", with(Vectors.UPDATE_V4, 26, 0x70), 3, 1),
        row("NLRI prefix length 33", Vectors.update(concat(ORIGIN, AS_PATH, NEXT_HOP), bytes(33, 203, 0, 113, 10, 0)), 3, 10),
        row("NLRI prefix running past the message", Vectors.update(concat(ORIGIN, AS_PATH, NEXT_HOP), bytes(24, 203, 0)), 3, 10),
        row("withdrawn prefix length 40", with(Vectors.UPDATE_V4, 21, 40), 3, 10),
        row("attribute length past the attribute field", Vectors.update(bytes(0x40, 1, 9, 0), NLRI), 3, 5),
        row("unrecognized well-known attribute 99", Vectors.update(concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0x40, 99, 0)), NLRI), 3, 2),
        row("MP_UNREACH_NLRI twice", Vectors.update(concat(bytes(0x80, 15, 3, 0, 2, 1), bytes(0x80, 15, 3, 0, 2, 1)), bytes()), 3, 1),
        row("MP_REACH_NLRI for AFI 25 (L2VPN)", Vectors.update(bytes(0x80, 14, 5, 0, 25, 65, 0, 0), bytes()), 3, 9),
        row("MP_REACH_NLRI next hop of 5 bytes", Vectors.update(bytes(0x80, 14, 10, 0, 1, 1, 5, 1, 2, 3, 4, 5, 0), bytes()), 3, 9),
        row("MP_REACH_NLRI prefix past its end", Vectors.update(bytes(0x80, 14, 11, 0, 1, 1, 4, 1, 2, 3, 4, 0, 24, 10), bytes()), 3, 9),
        row("MP_UNREACH_NLRI marked transitive", Vectors.update(bytes(0xc0, 15, 3, 0, 2, 1), bytes()), 3, 4));
  }

  static Arguments row(String description, byte[] message, int code, int subcode) {
    return Arguments.of(description, message, code, subcode);
  }

  static byte[] with(byte[] v, int index, int value) {
    byte[] b = v.clone();
    b[index] = (byte) value;
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void answersWithTheRightNotification(String description, byte[] message, int code, int subcode) {
    BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpCodec.decode(wrap(message), CodecOptions.FOUR_OCTET_AS));
    assertEquals(code + "/" + subcode, e.code().byteValue() + "/" + e.subcode(), e.getMessage());
  }
}
