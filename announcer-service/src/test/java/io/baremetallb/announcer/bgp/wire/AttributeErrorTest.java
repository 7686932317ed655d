package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.l2.wire.TestBytes.wrap;
import static io.baremetallb.announcer.bgp.wire.MalformedMessageTest.AS_PATH;
import static io.baremetallb.announcer.bgp.wire.MalformedMessageTest.NEXT_HOP;
import static io.baremetallb.announcer.bgp.wire.MalformedMessageTest.NLRI;
import static io.baremetallb.announcer.bgp.wire.MalformedMessageTest.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7606: attribute errors that keep the session, each row naming the section that says so. */
class AttributeErrorTest {
  static Stream<Arguments> treatAsWithdraw() {
    return Stream.of(
        Arguments.of("§7.1 ORIGIN value 3", concat(bytes(0x40, 1, 1, 3), AS_PATH, NEXT_HOP)),
        Arguments.of("§7.1 ORIGIN of 2 bytes", concat(bytes(0x40, 1, 2, 0, 0), AS_PATH, NEXT_HOP)),
        Arguments.of("§3.c ORIGIN flagged optional", concat(bytes(0xc0, 1, 1, 0), AS_PATH, NEXT_HOP)),
        Arguments.of("§7.2 AS_PATH segment of 0 ASNs", concat(ORIGIN, bytes(0x40, 2, 2, 2, 0), NEXT_HOP)),
        Arguments.of("§7.2 AS_PATH segment type 7", concat(ORIGIN, bytes(0x40, 2, 6, 7, 1, 0, 0, 0xfc, 1), NEXT_HOP)),
        Arguments.of("§7.2 AS_PATH segment overrun", concat(ORIGIN, bytes(0x40, 2, 6, 2, 2, 0, 0, 0xfc, 1), NEXT_HOP)),
        Arguments.of("§7.3 NEXT_HOP of 3 bytes", concat(ORIGIN, AS_PATH, bytes(0x40, 3, 3, 192, 0, 2))),
        Arguments.of("§7.4 MED of 3 bytes", concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0x80, 4, 3, 0, 0, 1))),
        Arguments.of("§7.5 LOCAL_PREF of 2 bytes", concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0x40, 5, 2, 0, 1))),
        Arguments.of("§7.8 COMMUNITIES of 5 bytes", concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0xc0, 8, 5, 0, 0, 0, 0, 0))),
        Arguments.of("§7.8 COMMUNITIES of 0 bytes", concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0xc0, 8, 0))),
        Arguments.of("RFC 8092 §6 LARGE_COMMUNITIES of 8 bytes", concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0xc0, 32, 8, 0, 0, 0, 0, 0, 0, 0, 0))),
        Arguments.of("§3.d NEXT_HOP missing", concat(ORIGIN, AS_PATH)),
        Arguments.of("§3.d ORIGIN missing", concat(AS_PATH, NEXT_HOP)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("treatAsWithdraw")
  void malformedAttributeWithdrawsTheRoutes(String description, byte[] attributes) {
    DecodeResult r = BgpCodec.decode(wrap(Vectors.update(attributes, NLRI)), CodecOptions.FOUR_OCTET_AS);
    assertInstanceOf(DecodeResult.TreatAsWithdraw.class, r);
    assertEquals(new Update(List.of(Prefix.parse("203.0.113.10/32")), List.of(), List.of()), r.message());
  }

  @Test
  void treatAsWithdrawAlsoWithdrawsMpReachPrefixes() {
    byte[] reach = bytes(0x80, 14, 30, 0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
        64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 7);
    DecodeResult r = BgpCodec.decode(wrap(Vectors.update(concat(bytes(0x40, 1, 1, 9), AS_PATH, reach), bytes())),
        CodecOptions.FOUR_OCTET_AS);
    assertEquals(new Update(List.of(), List.of(new PathAttribute.MpUnreach(Afi.IPV6, List.of(Prefix.parse("2001:db8:0:7::/64")))),
        List.of()), r.message());
  }

  static Stream<Arguments> attributeDiscard() {
    return Stream.of(
        Arguments.of("§7.6 ATOMIC_AGGREGATE of 1 byte", bytes(0x40, 6, 1, 0), PathAttribute.ATOMIC_AGGREGATE),
        Arguments.of("§7.7 AGGREGATOR of 6 bytes on a 4-octet session", bytes(0xc0, 7, 6, 0xfc, 0, 192, 0, 2, 1), PathAttribute.AGGREGATOR),
        Arguments.of("§3.g a second COMMUNITIES", bytes(0xc0, 8, 4, 0, 0, 0, 1, 0xc0, 8, 4, 0, 0, 0, 2), PathAttribute.COMMUNITIES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attributeDiscard")
  void malformedAttributeIsDroppedAndTheRouteStays(String description, byte[] extra, int type) {
    DecodeResult r = BgpCodec.decode(wrap(Vectors.update(concat(ORIGIN, AS_PATH, NEXT_HOP, extra), NLRI)), CodecOptions.FOUR_OCTET_AS);
    DecodeResult.AttributesDiscarded d = assertInstanceOf(DecodeResult.AttributesDiscarded.class, r);
    assertEquals(type, d.problems().get(0).typeCode());
    assertEquals(List.of(Prefix.parse("203.0.113.10/32")), d.message().nlri());
  }

  @Test
  void unknownOptionalNonTransitiveIsIgnoredAndTransitiveIsCarried() {
    byte[] attrs = concat(ORIGIN, AS_PATH, NEXT_HOP, bytes(0x80, 200, 1, 7), bytes(0xc0, 201, 1, 8));
    Update u = (Update) BgpCodec.decode(wrap(Vectors.update(attrs, NLRI)));
    PathAttribute.Unknown carried = u.attribute(PathAttribute.Unknown.class).orElseThrow();
    assertEquals(new PathAttribute.Unknown(0xc0, 201, bytes(8)), carried);
    assertEquals(0xe0, carried.forwarded().flags()); // Partial set when passed on (RFC 4271 §5)
    assertEquals(4, u.attributes().size());
  }
}
