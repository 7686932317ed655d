package io.baremetallb.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrAndRangeTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.0/24, 192.0.2.0, 192.0.2.255, 256",
    "192.0.2.7/24, 192.0.2.0, 192.0.2.255, 256",
    "192.0.2.9/32, 192.0.2.9, 192.0.2.9, 1",
    "0.0.0.0/0, 0.0.0.0, 255.255.255.255, 4294967296",
    "2001:db8::/64, 2001:db8::, 2001:db8::ffff:ffff:ffff:ffff, 18446744073709551616",
    "2001:db8::/32, 2001:db8::, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 79228162514264337593543950336",
    "2001:db8::5/128, 2001:db8::5, 2001:db8::5, 1",
    "::/0, ::, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 340282366920938463463374607431768211456",
  })
  void cidrBoundsAndExactSize(String text, String first, String last, String size) {
    Cidr c = Cidr.parse(text);
    assertEquals(IpAddress.parse(first), c.first());
    assertEquals(IpAddress.parse(last), c.last());
    assertEquals(new BigInteger(size), c.size());
    assertEquals(new BigInteger(size), c.toRange().size());
  }

  @Test
  void cidrErrorsNameTheText() {
    assertEquals("\"192.0.2.0/33\": prefix length 33 is longer than 32 bits",
        assertThrows(IpFormatException.class, () -> Cidr.parse("192.0.2.0/33")).getMessage());
    assertEquals("\"192.0.2.0\": a CIDR needs a prefix length, e.g. 192.0.2.0/24",
        assertThrows(IpFormatException.class, () -> Cidr.parse("192.0.2.0")).getMessage());
    assertThrows(IpFormatException.class, () -> Cidr.parse("192.0.2.0/"));
    assertThrows(IpFormatException.class, () -> Cidr.parse("192.0.2.0/x"));
  }

  @Test
  void theDocumentsRangeHasFiveAddresses() {
    IpRange r = IpRange.parsePoolEntry("192.168.5.5-192.168.5.9");
    assertEquals(BigInteger.valueOf(5), r.size());
    assertTrue(r.contains(IpAddress.parse("192.168.5.9")));
    assertFalse(r.contains(IpAddress.parse("192.168.5.10")));
    assertEquals(r, IpRange.parsePoolEntry(" 192.168.5.5 - 192.168.5.9 "));
  }

  @Test
  void rangeErrorsSayWhatIsWrong() {
    assertEquals("\"192.0.2.9-192.0.2.5\": range ends before it starts",
        assertThrows(IpFormatException.class, () -> IpRange.parse("192.0.2.9-192.0.2.5")).getMessage());
    assertEquals("\"192.0.2.1-2001:db8::1\": range mixes IPv4 and IPv6",
        assertThrows(IpFormatException.class, () -> IpRange.parse("192.0.2.1-2001:db8::1")).getMessage());
    assertThrows(IpFormatException.class, () -> IpRange.parsePoolEntry("192.0.2.1"));
  }

  @Test
  void rangeToMinimalCidrs() {
    assertEquals(List.of(Cidr.parse("192.168.5.5/32"), Cidr.parse("192.168.5.6/31"), Cidr.parse("192.168.5.8/31")),
        IpRange.parse("192.168.5.5-192.168.5.9").toCidrs());
    assertEquals(List.of(Cidr.parse("0.0.0.0/0")), IpRange.parse("0.0.0.0-255.255.255.255").toCidrs());
    assertEquals(List.of(Cidr.parse("2001:db8::/64")), Cidr.parse("2001:db8::/64").toRange().toCidrs());
  }

  @Test
  void overlapIsPerFamily() {
    IpRange a = IpRange.parse("192.0.2.0-192.0.2.10");
    assertTrue(a.overlaps(IpRange.parse("192.0.2.10-192.0.2.20")));
    assertFalse(a.overlaps(IpRange.parse("192.0.2.11-192.0.2.20")));
    assertFalse(a.overlaps(Cidr.parse("::/0").toRange()));
  }

  @Test
  void containsChecksFamilyAndMask() {
    Cidr c = Cidr.parse("2001:db8:0:1::/64");
    assertTrue(c.contains(IpAddress.parse("2001:db8:0:1:ffff::1")));
    assertFalse(c.contains(IpAddress.parse("2001:db8:0:2::1")));
    assertFalse(Cidr.parse("0.0.0.0/0").contains(IpAddress.parse("::1")));
  }
}
