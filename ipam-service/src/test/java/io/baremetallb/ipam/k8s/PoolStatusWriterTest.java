package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.PoolStats;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IPAddressPool status from the allocator's counters (PoolStatusWriter.Counts). */
class PoolStatusWriterTest {
  private static PoolStats pool(long v4Total, long v4InUse, long v4Reserved, BigInteger v6Total, long v6InUse) {
    return new PoolStats("p", Map.of(IpFamily.IPV4, PoolStats.Family.of(BigInteger.valueOf(v4Total), v4InUse, v4Reserved),
        IpFamily.IPV6, PoolStats.Family.of(v6Total, v6InUse, 0)));
  }

  @Test
  void assignedIsHeldByServicesAvailableIsFreeForThemReservedIsNeither() {
    PoolStatusWriter.Counts c = PoolStatusWriter.Counts.of(pool(5, 2, 1, BigInteger.valueOf(16), 3));
    assertEquals(new PoolStatusWriter.Counts(2, 3, 2, 13), c);
    assertEquals("{\"status\":{\"assignedIPv4\":2,\"assignedIPv6\":3,\"availableIPv4\":2,\"availableIPv6\":13}}",
        c.patch());
  }

  @Test
  void moreFreeAddressesThanAnInt64HoldsShowTheLargestInt64() {
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    assertEquals(Long.MAX_VALUE, PoolStatusWriter.Counts.of(pool(0, 0, 0, BigInteger.ONE.shiftLeft(64), 1))
        .availableIPv6(), "a /64 with one address held");
    assertEquals(Long.MAX_VALUE, PoolStatusWriter.Counts.of(pool(0, 0, 0, max.add(BigInteger.ONE), 0))
        .availableIPv6(), "2^63");
    assertEquals(Long.MAX_VALUE - 1, PoolStatusWriter.Counts.of(pool(0, 0, 0, max, 1)).availableIPv6());
  }
}
