package io.baremetallb.ipam.core;

import static io.baremetallb.ip.IpFamily.IPV4;
import static io.baremetallb.ip.IpFamily.IPV6;
import static io.baremetallb.ipam.core.FamilyPolicy.PREFER_DUAL_STACK;
import static io.baremetallb.ipam.core.FamilyPolicy.REQUIRE_DUAL_STACK;
import static io.baremetallb.ipam.core.FamilyPolicy.SINGLE_STACK;
import static io.baremetallb.ipam.core.Story.gets;
import static io.baremetallb.ipam.core.Story.ip;
import static io.baremetallb.ipam.core.Story.refused;
import static io.baremetallb.ipam.core.Story.svc;
import static io.baremetallb.ipam.core.Story.tell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.AllocationResult.FamilyNotAvailable;
import io.baremetallb.ipam.core.AllocationResult.InvalidRequest;
import io.baremetallb.ipam.core.AllocationResult.NoFreeAddress;
import io.baremetallb.ipam.core.AllocationResult.NotInAnyPool;
import io.baremetallb.model.AddressPool;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SingleStack, PreferDualStack and RequireDualStack: one address per family, both from one pool. */
class AllocatorDualStackTest {
  private final Allocator alloc = new Allocator();

  AllocatorDualStackTest() {
    alloc.setPools(List.of(
        AddressPool.of("a-v4only", "10.0.0.0/31"),
        AddressPool.of("b-dual", "10.0.1.0/31", "2001:db8:1::/127"),
        AddressPool.of("c-v6only", "2001:db8:2::/127")));
  }

  @Test
  void singleStackTakesTheFirstPoolWithItsFamily() {
    tell(alloc,
        gets("IPv4 single stack", svc("v4").withFamilies(SINGLE_STACK, IPV4), "10.0.0.0"),
        gets("IPv6 single stack skips the IPv4-only pool", svc("v6").withFamilies(SINGLE_STACK, IPV6), "2001:db8:1::"));
  }

  @Test
  void requireDualStackTakesBothFamiliesFromOnePool() {
    tell(alloc,
        gets("both from b-dual, IPv4 first as listed", svc("d1").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6),
            "10.0.1.0", "2001:db8:1::"),
        gets("IPv6 primary: order follows ipFamilies", svc("d2").withFamilies(REQUIRE_DUAL_STACK, IPV6, IPV4),
            "2001:db8:1::1", "10.0.1.1"),
        refused("b-dual is full; a-v4only and c-v6only together do not count",
            svc("d3").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6), NoFreeAddress.class),
        refused("RequireDualStack on a single-family Service", svc("d4").withFamilies(REQUIRE_DUAL_STACK, IPV4),
            InvalidRequest.class),
        refused("requested addresses from two pools", svc("d5").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6)
            .withRequestedIps(ip("10.0.0.1"), ip("2001:db8:2::")), NotInAnyPool.class));
  }

  @Test
  void requireDualStackWithoutAnyDualPoolSaysWhichFamilyIsMissing() {
    alloc.setPools(List.of(AddressPool.of("v4", "10.0.0.0/31")));
    FamilyNotAvailable f = assertInstanceOf(FamilyNotAvailable.class,
        alloc.allocate(svc("d").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6)));
    assertEquals("no pool among v4 has both IPv4 and IPv6 addresses (RequireDualStack takes both from one pool)",
        f.message());
  }

  @Test
  void preferDualStackFallsBackToOneFamilyAndLaterAddsTheOther() {
    alloc.setPools(List.of(AddressPool.of("a-v4only", "10.0.0.0/31"), AddressPool.of("c-v6only", "2001:db8:2::/127")));
    tell(alloc,
        gets("no dual pool: the first pool with the primary family", svc("p").withFamilies(PREFER_DUAL_STACK, IPV4, IPV6),
            "10.0.0.0"));
    alloc.setPools(List.of(AddressPool.of("a-v4only", "10.0.0.0/31", "2001:db8:9::/127"),
        AddressPool.of("c-v6only", "2001:db8:2::/127")));
    tell(alloc,
        gets("its pool gained IPv6: the same IPv4 plus one IPv6 from that pool",
            svc("p").withFamilies(PREFER_DUAL_STACK, IPV4, IPV6), "10.0.0.0", "2001:db8:9::"),
        gets("a single-family cluster: PreferDualStack is single stack", svc("q").withFamilies(PREFER_DUAL_STACK, IPV6),
            "2001:db8:9::1"));
  }

  @Test
  void preferDualStackTakesTheSecondaryFamilyWhenThePrimaryIsGone() {
    alloc.setPools(List.of(AddressPool.of("c-v6only", "2001:db8:2::/127")));
    assertEquals(new Allocated("c-v6only", List.of(ip("2001:db8:2::"))),
        alloc.allocate(svc("p").withFamilies(PREFER_DUAL_STACK, IPV4, IPV6)));
  }

  @Test
  void requestedAddressesMustMatchTheServicesFamilies() {
    tell(alloc,
        refused("an IPv6 address for an IPv4 Service", svc("x").withRequestedIps(ip("2001:db8:1::")),
            InvalidRequest.class),
        refused("two IPv4 addresses", svc("x").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6)
            .withRequestedIps(ip("10.0.1.0"), ip("10.0.1.1")), InvalidRequest.class),
        gets("one of each from one pool", svc("x").withFamilies(REQUIRE_DUAL_STACK, IPV4, IPV6)
            .withRequestedIps(ip("2001:db8:1::1"), ip("10.0.1.1")), "10.0.1.1", "2001:db8:1::1"));
  }
}
