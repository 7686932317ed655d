package io.baremetallb.ipam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ip.AddressSet;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpRange;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FreeAddressesTest {
  /** Two ranges over three 1024-address chunks, with a gap, avoiding .0 and .255. */
  private static final List<IpRange> RANGES = List.of(IpRange.parse("10.0.3.250-10.0.8.9"),
      IpRange.parse("10.0.11.0-10.0.11.255"));

  private static FreeAddresses buggyAvoiding(TreeSet<IpAddress> model) {
    AddressSet usable = AddressSet.of(RANGES);
    for (IpRange r : RANGES) {
      for (IpAddress ip = r.first(); ; ip = ip.next()) {
        if (!ip.isBuggyV4()) {
          model.add(ip);
        } else {
          usable.remove(ip);
        }
        if (ip.equals(r.last())) {
          break;
        }
      }
    }
    return new FreeAddresses(IpFamily.IPV4, AddressSet.of(RANGES).ranges(), usable, true);
  }

  @Test
  void theLowestFreeAddressComesFromTouchedAndUntouchedChunksAlike() {
    FreeAddresses f = buggyAvoiding(new TreeSet<>());
    assertEquals(Optional.of(IpAddress.parse("10.0.3.250")), f.first());
    f.take(IpAddress.parse("10.0.3.250"));
    assertEquals(Optional.of(IpAddress.parse("10.0.3.251")), f.first(), "first chunk touched, still has some");
    for (int i = 251; i <= 254; i++) {
      f.take(IpAddress.parse("10.0.3." + i));
    }
    assertEquals(Optional.of(IpAddress.parse("10.0.4.1")), f.first(), "next chunk untouched; .255 and .0 skipped");
    f.putBack(IpAddress.parse("10.0.3.252"));
    assertEquals(Optional.of(IpAddress.parse("10.0.3.252")), f.first());
  }

  @Test
  void anIpv6Slash64IsNeverEnumerated() {
    IpRange r = IpRange.parsePoolEntry("2001:db8::/64");
    FreeAddresses f = new FreeAddresses(IpFamily.IPV6, List.of(r), AddressSet.of(List.of(r)), false);
    f.take(IpAddress.parse("2001:db8::"));
    f.take(IpAddress.parse("2001:db8::ffff:ffff:ffff:ffff"));
    assertEquals(Optional.of(IpAddress.parse("2001:db8::1")), f.first());
    assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.TWO), f.count());
  }

  @Property(tries = 200)
  void takingAndReturningMatchesASortedSet(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 2600) Integer> offsets) {
    TreeSet<IpAddress> model = new TreeSet<>();
    FreeAddresses f = buggyAvoiding(model);
    TreeSet<IpAddress> all = new TreeSet<>(model);
    IpAddress base = IpAddress.parse("10.0.3.250");
    for (int off : offsets) {
      IpAddress ip = IpAddress.v4(base.lo() + off);
      if (model.contains(ip)) {
        f.take(ip);
        model.remove(ip);
      } else if (all.contains(ip)) {
        f.putBack(ip);
        model.add(ip);
      }
      assertEquals(model.isEmpty() ? Optional.empty() : Optional.of(model.first()), f.first());
    }
    assertEquals(BigInteger.valueOf(model.size()), f.count());
  }
}
