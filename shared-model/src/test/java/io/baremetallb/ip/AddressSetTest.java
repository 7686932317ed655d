package io.baremetallb.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AddressSetTest {
  private static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  @Test
  void takingAndReturningAddressesKeepsIntervalsMerged() {
    AddressSet s = AddressSet.of(List.of(IpRange.parse("192.168.5.5-192.168.5.9")));
    assertEquals(Optional.of(ip("192.168.5.5")), s.first());
    assertTrue(s.remove(ip("192.168.5.7")));
    assertEquals("[192.168.5.5-192.168.5.6, 192.168.5.8-192.168.5.9]", s.toString());
    assertFalse(s.remove(ip("192.168.5.7")), "already gone");
    assertTrue(s.add(ip("192.168.5.7")));
    assertEquals(1, s.intervalCount());
    assertEquals(BigInteger.valueOf(5), s.size());
  }

  @Test
  void ceilingSkipsTakenAddresses() {
    AddressSet s = AddressSet.of(List.of(IpRange.parse("192.0.2.0-192.0.2.3")));
    s.remove(ip("192.0.2.1"));
    assertEquals(Optional.of(ip("192.0.2.2")), s.ceiling(ip("192.0.2.1")));
    assertEquals(Optional.of(ip("192.0.2.0")), s.ceiling(ip("192.0.2.0")));
    assertEquals(Optional.empty(), s.ceiling(ip("192.0.2.4")));
  }

  @Test
  void anIpv6Slash64IsOneIntervalAndItsSizeIsExact() {
    AddressSet s = AddressSet.of(List.of(Cidr.parse("2001:db8::/64").toRange()));
    s.remove(ip("2001:db8::"));
    assertEquals(Optional.of(ip("2001:db8::1")), s.first());
    assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.ONE), s.size());
  }

  @Test
  void familiesNeverMerge() {
    AddressSet s = new AddressSet();
    s.add(ip("255.255.255.255"));
    s.add(ip("::"));
    assertEquals(2, s.intervalCount());
    assertEquals(Optional.of(ip("::")), s.first(IpFamily.IPV6));
    assertEquals(Optional.of(ip("255.255.255.255")), s.first(IpFamily.IPV4));
    s.remove(Cidr.parse("::/0").toRange());
    assertEquals(Optional.empty(), s.first(IpFamily.IPV6));
  }

  @Test
  void removingARangeSplitsAndTrims() {
    AddressSet s = AddressSet.of(List.of(IpRange.parse("192.0.2.0-192.0.2.100"), IpRange.parse("192.0.2.150-192.0.2.200")));
    s.remove(IpRange.parse("192.0.2.50-192.0.2.160"));
    assertEquals("[192.0.2.0-192.0.2.49, 192.0.2.161-192.0.2.200]", s.toString());
    s.remove(IpRange.parse("192.0.2.10-192.0.2.20"));
    assertEquals("[192.0.2.0-192.0.2.9, 192.0.2.21-192.0.2.49, 192.0.2.161-192.0.2.200]", s.toString());
  }

  /** Property: the interval set behaves exactly like a plain sorted set of addresses. */
  @Property(tries = 300)
  void behavesLikeASortedSet(@ForAll("operations") List<int[]> ops) {
    AddressSet s = new AddressSet();
    TreeSet<IpAddress> model = new TreeSet<>();
    for (int[] op : ops) {
      IpAddress a = IpAddress.v4(0xC0000200L + op[1]);
      IpAddress b = IpAddress.v4(0xC0000200L + Math.min(63, op[1] + op[2]));
      switch (op[0]) {
        case 0 -> assertEquals(model.add(a), s.add(a));
        case 1 -> assertEquals(model.remove(a), s.remove(a));
        case 2 -> {
          s.add(new IpRange(a, b));
          for (IpAddress x = a; x.compareTo(b) <= 0; x = x.next()) {
            model.add(x);
          }
        }
        default -> {
          s.remove(new IpRange(a, b));
          model.subSet(a, true, b, true).clear();
        }
      }
      assertEquals(Optional.ofNullable(model.isEmpty() ? null : model.first()), s.first());
      assertEquals(Optional.ofNullable(model.ceiling(a)), s.ceiling(a));
      assertEquals(model.contains(b), s.contains(b));
      assertEquals(BigInteger.valueOf(model.size()), s.size());
      List<IpRange> ranges = s.ranges();
      for (int i = 1; i < ranges.size(); i++) {
        assertTrue(ranges.get(i - 1).last().next().compareTo(ranges.get(i).first()) < 0, "merged: " + ranges);
      }
    }
  }

  @Provide
  Arbitrary<List<int[]>> operations() {
    Arbitrary<int[]> op = Arbitraries.integers().between(0, 3)
        .flatMap(kind -> Arbitraries.integers().between(0, 63)
            .flatMap(at -> Arbitraries.integers().between(0, 8).map(len -> new int[] {kind, at, len})));
    return op.list().ofMinSize(1).ofMaxSize(60);
  }
}
