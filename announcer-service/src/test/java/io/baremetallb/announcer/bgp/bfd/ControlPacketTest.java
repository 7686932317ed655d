package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.bfd.Authentication.AuthType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlPacketTest {
  // Up, Poll, detect 3, our 100 ms profile (RFC 5880 §4.1 layout)
  static final byte[] UP_POLL = bytes(
      0x20,                    // Vers 1, Diag 0
      0xe0,                    // Sta 3 (Up), P
      3,                       // Detect Mult
      24,                      // Length
      0x86, 0xeb, 0x1c, 0x1f,  // My Discriminator
      0x00, 0x00, 0x00, 0x2a,  // Your Discriminator 42
      0x00, 0x01, 0x86, 0xa0,  // Desired Min TX 100000 µs
      0x00, 0x01, 0x86, 0xa0,  // Required Min RX 100000 µs
      0x00, 0x00, 0x00, 0x00); // Required Min Echo RX 0

  // Down, diag 1 (detection time expired), Final, C, D, with a keyed SHA1 section
  static final byte[] DOWN_SHA1 = bytes(
      0x21,                    // Vers 1, Diag 1
      0x5e,                    // Sta 1 (Down), F, C, A, D
      5, 52,                   // Detect Mult, Length
      0, 0, 0, 7,
      0, 0, 0, 0,
      0x00, 0x0f, 0x42, 0x40,
      0x00, 0x00, 0x27, 0x10,
      0x00, 0x00, 0xc3, 0x50,
      4,                       // Auth Type: Keyed SHA1
      28,                      // Auth Len
      9,                       // Auth Key ID
      0,                       // Reserved
      0xff, 0xff, 0xff, 0xfe,  // Sequence Number
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);

  static final ControlPacket UP_POLL_PACKET = new ControlPacket(Diagnostic.NONE, BfdState.UP, true, false, false,
      false, 3, 0x86eb1c1f, 42, 100_000, 100_000, 0, Optional.empty());

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static ControlPacket decode(byte[] b) {
    return ControlPacket.decode(ByteBuffer.wrap(b));
  }

  static byte[] with(byte[] base, int index, int value) {
    byte[] b = base.clone();
    b[index] = (byte) value;
    return b;
  }

  @Test
  void decodesEveryFieldOfTheMandatorySection() {
    assertEquals(UP_POLL_PACKET, decode(UP_POLL));
  }

  @Test
  void encodesFieldForField() {
    assertArrayEquals(UP_POLL, UP_POLL_PACKET.encode());
  }

  @Test
  void decodesFlagsDiagnosticAndKeyedSha1Section() {
    ControlPacket p = decode(DOWN_SHA1);
    byte[] hash = new byte[20];
    for (int i = 0; i < 20; i++) {
      hash[i] = (byte) (i + 1);
    }
    assertEquals(new ControlPacket(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, BfdState.DOWN, false, true, true, true,
        5, 7, 0, 1_000_000, 10_000, 50_000, Optional.of(new Authentication(AuthType.KEYED_SHA1, 9, 0xfffffffeL, hash))), p);
    assertArrayEquals(DOWN_SHA1, p.encode());
  }

  @Test
  void roundTripsSimplePasswordAndKeyedMd5() {
    for (Authentication a : List.of(new Authentication(AuthType.SIMPLE_PASSWORD, 1, 0, "secret".getBytes(StandardCharsets.US_ASCII)),
        new Authentication(AuthType.METICULOUS_KEYED_MD5, 2, 77, new byte[16]))) {
      ControlPacket p = new ControlPacket(Diagnostic.ADMINISTRATIVELY_DOWN, BfdState.ADMIN_DOWN, false, false, false,
          false, 3, 1, 2, 300_000, 300_000, 0, Optional.of(a));
      byte[] wire = p.encode();
      assertEquals(24 + a.length(), wire.length);
      assertEquals(wire.length, wire[3]);
      assertEquals(p, decode(wire));
    }
  }

  @Test
  void ignoresBytesAfterLength() {
    byte[] padded = java.util.Arrays.copyOf(UP_POLL, 30);
    assertEquals(UP_POLL_PACKET, decode(padded));
  }

  @Test
  void reservedDiagnosticIsAcceptedButNeverSent() {
    ControlPacket p = decode(with(UP_POLL, 0, 0x20 | 17));
    assertEquals(Diagnostic.RESERVED, p.diag());
    assertThrows(IllegalArgumentException.class, p::encode);
  }

  @Test
  void pollAndFinalTogetherAreNeverSent() {
    ControlPacket both = decode(with(UP_POLL, 1, 0xf0));
    assertTrue(both.poll() && both.fin());
    assertThrows(IllegalArgumentException.class, both::encode);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "version 0                       | 0 | 0x00 | Vers",
      "version 2                       | 0 | 0x40 | Vers",
      "multipoint bit                  | 1 | 0xc1 | M",
      "detect mult zero                | 2 | 0    | Detect Mult",
      "length below 24                 | 3 | 23   | Length",
      "length beyond the payload       | 3 | 25   | Length",
      "A bit with length 24            | 1 | 0xc4 | Length",
      "my discriminator zero           | 7 | 0    | My Discriminator"})
  void rejectsWhatSection6_8_6Discards(String what, int index, int value, String field) {
    byte[] b = with(UP_POLL, index, value);
    if (field.equals("My Discriminator")) {
      b[4] = b[5] = b[6] = 0;
    }
    BfdDecodeException e = assertThrows(BfdDecodeException.class, () -> decode(b), what);
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void rejectsTruncatedPayload() {
    for (int n = 0; n < 24; n++) {
      byte[] cut = java.util.Arrays.copyOf(UP_POLL, n);
      assertEquals("Length", assertThrows(BfdDecodeException.class, () -> decode(cut)).field());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "reserved auth type 0       | 24 | 0  | Auth Type",
      "reserved auth type 6       | 24 | 6  | Auth Type",
      "auth len disagrees         | 25 | 27 | Auth Len",
      "SHA1 with MD5's auth len   | 25 | 24 | Auth Len"})
  void rejectsMalformedAuthenticationSection(String what, int index, int value, String field) {
    byte[] b = with(DOWN_SHA1, index, value);
    if (what.startsWith("SHA1")) {
      b = java.util.Arrays.copyOf(b, 48);
      b[3] = 48;
    }
    byte[] wire = b;
    assertEquals(field, assertThrows(BfdDecodeException.class, () -> decode(wire), what).field());
  }

  @Test
  void rejectsPasswordOfSeventeenBytes() {
    byte[] b = new byte[24 + 20];
    System.arraycopy(UP_POLL, 0, b, 0, 24);
    b[1] |= 0x04;
    b[3] = 44;
    b[24] = 1;
    b[25] = 20;
    assertEquals("Auth Len", assertThrows(BfdDecodeException.class, () -> decode(b)).field());
  }

  static List<byte[]> frrCapture() {
    try (InputStream in = ControlPacketTest.class.getResourceAsStream("/vectors/bfd/frr.hex")) {
      List<byte[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(HexFormat.of().parseHex(line.strip()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("vectors/bfd/frr.hex", e);
    }
  }

  @Test
  void everyPacketFrrSentDecodesAndEncodesToTheSameBytes() {
    List<byte[]> all = frrCapture();
    assertTrue(all.size() >= 10, all.size() + " packets in frr.hex");
    for (byte[] wire : all) {
      assertArrayEquals(wire, decode(wire).encode(), HexFormat.of().formatHex(wire));
    }
  }

  @Test
  void frrSlowStartPacketSaysOneSecondUntilUp() {
    // the first line of frr.hex: bfdd's first packet, before it knows our discriminator
    ControlPacket first = decode(frrCapture().get(0));
    assertEquals(BfdState.DOWN, first.state());
    assertEquals(0, first.yourDiscriminator());
    assertEquals(1_000_000, first.desiredMinTx());
    assertEquals(50_000, first.requiredMinEchoRx());
    assertEquals(3, first.detectMult());
  }
}
