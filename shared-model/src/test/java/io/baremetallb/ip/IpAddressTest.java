package io.baremetallb.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest
  @CsvSource({
    "192.168.5.5, 192.168.5.5",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "2001:db8::1, 2001:db8::1",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8:0:1:0:0:0:0, 2001:db8:0:1::",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:1:1:1:1:1:1, 2001:db8:1:1:1:1:1:1",
    "::ffff:192.0.2.1, ::ffff:c000:201",
    "2001:db8::0:1, 2001:db8::1",
  })
  void parsesAndPrintsCanonically(String text, String canonical) {
    assertEquals(canonical, IpAddress.parse(text).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d",
    "1.2.3.4 ", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "12345::", "2001:db8::g", "fe80::1%eth0",
    ":", "1:2:3:4:5:6:7", "example.com", "::1.2.3"})
  void rejectsMalformedTextWithoutDnsLookups(String text) {
    IpFormatException e = assertThrows(IpFormatException.class, () -> IpAddress.parse(text));
    assertTrue(e.getMessage().startsWith("\"" + text + "\""), e.getMessage());
  }

  @Test
  void leadingZeroMessageSaysWhy() {
    assertEquals("\"192.168.001.1\": \"001\" has a leading zero (ambiguous: octal or decimal)",
        assertThrows(IpFormatException.class, () -> IpAddress.parse("192.168.001.1")).getMessage());
  }

  @Test
  void ordersV4BeforeV6ThenNumerically() {
    assertTrue(IpAddress.parse("255.255.255.255").compareTo(IpAddress.parse("::")) < 0);
    assertTrue(IpAddress.parse("8000::").compareTo(IpAddress.parse("7fff::")) > 0, "unsigned order");
    assertTrue(IpAddress.parse("::8000:0:0:0").compareTo(IpAddress.parse("::7fff:0:0:0")) > 0);
  }

  @Test
  void nextAndPreviousCarryAcross64Bits() {
    IpAddress a = IpAddress.parse("2001:db8::ffff:ffff:ffff:ffff");
    assertEquals(IpAddress.parse("2001:db8:0:1::"), a.next());
    assertEquals(a, a.next().previous());
    assertEquals(IpAddress.parse("192.168.6.0"), IpAddress.parse("192.168.5.255").next());
    assertThrows(ArithmeticException.class, () -> IpAddress.parse("255.255.255.255").next());
    assertThrows(ArithmeticException.class, () -> IpAddress.parse("::").previous());
  }

  @Test
  void bytesAndBigIntegersRoundTrip() throws Exception {
    for (String s : new String[] {"192.0.2.1", "2001:db8::8:800:200c:417a", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
      IpAddress a = IpAddress.parse(s);
      assertArrayEquals(InetAddress.getByName(s).getAddress(), a.toBytes());
      assertEquals(a, IpAddress.fromBytes(a.toBytes()));
      assertEquals(a, IpAddress.of(a.family(), a.toBigInteger()));
      assertEquals(a, IpAddress.of(a.toInetAddress()));
    }
    assertEquals(BigInteger.TWO.pow(128).subtract(BigInteger.ONE),
        IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").toBigInteger());
  }

  @Test
  void buggyAddressesAreDotZeroAndDot255OfIpv4Only() {
    assertTrue(IpAddress.parse("192.0.2.0").isBuggyV4());
    assertTrue(IpAddress.parse("192.0.2.255").isBuggyV4());
    assertTrue(!IpAddress.parse("192.0.2.1").isBuggyV4());
    assertTrue(!IpAddress.parse("2001:db8::ff").isBuggyV4());
  }

  @Test
  void addressesWithACommonStrideSpreadOverHashBuckets() {
    java.util.Set<Integer> buckets = new java.util.HashSet<>();
    for (long i = 0; i < 1024; i++) {
      buckets.add(IpAddress.v4(0xC0000000L + i * 1024).hashCode() & 1023);
    }
    assertTrue(buckets.size() > 512, "1024 chunk starts in " + buckets.size() + " of 1024 buckets");
  }
}
