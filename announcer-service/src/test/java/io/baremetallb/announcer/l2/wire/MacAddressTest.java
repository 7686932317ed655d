package io.baremetallb.announcer.l2.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MacAddressTest {
  @Test
  void parsesAndPrintsColonForm() {
    MacAddress m = MacAddress.parse("02:00:00:00:00:0A");
    assertEquals(0x0200_0000_000aL, m.bits());
    assertEquals("02:00:00:00:00:0a", m.toString());
    assertArrayEquals(bytes(0x02, 0, 0, 0, 0, 0x0a), m.toBytes());
    assertEquals(m, MacAddress.parse("02-00-00-00-00-0a"));
  }

  @Test
  void groupBitMarksMulticastAndBroadcast() {
    assertTrue(MacAddress.BROADCAST.isMulticast());
    assertTrue(MacAddress.parse("33:33:ff:00:00:0b").isMulticast());
    assertFalse(MacAddress.parse("02:00:00:00:00:0b").isMulticast());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "02:00:00:00:00", "02:00:00:00:00:00:00", "02:00:00:00:00:zz", "002:0:0:0:0:0"})
  void rejectsTextThatIsNotAMac(String text) {
    assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
  }
}
