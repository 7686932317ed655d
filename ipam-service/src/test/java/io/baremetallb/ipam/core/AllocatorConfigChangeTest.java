package io.baremetallb.ipam.core;

import static io.baremetallb.ipam.core.Story.gets;
import static io.baremetallb.ipam.core.Story.ip;
import static io.baremetallb.ipam.core.Story.ips;
import static io.baremetallb.ipam.core.Story.refused;
import static io.baremetallb.ipam.core.Story.svc;
import static io.baremetallb.ipam.core.Story.tell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.ipam.core.AllocationResult.Conflict;
import io.baremetallb.ipam.core.AllocationResult.NotInAnyPool;
import io.baremetallb.ipam.core.AllocationResult.Orphaned;
import io.baremetallb.ipam.core.AllocationResult.Reserved;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceAllocation;
import io.baremetallb.model.ServiceKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Config changes never re-IP anybody; restore re-learns in one pass; reservations stay out of reach. */
class AllocatorConfigChangeTest {
  private final Allocator alloc = new Allocator();

  @Test
  void aShrinkingPoolLeavesItsHoldersTheirAddressesAndReportsThem() {
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/29")));
    for (int i = 0; i < 6; i++) {
      alloc.allocate(svc("s" + i));
    }
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/30")));
    assertEquals(ips("10.0.0.4"), alloc.assignment(svc("s4").service()).orElseThrow().ips());
    assertEquals(List.of(svc("s4").service(), svc("s5").service()), List.copyOf(alloc.orphans().keySet()));
    assertEquals("kept [10.0.0.5] although they include 10.0.0.5, which is in no pool since a config change",
        alloc.orphans().get(svc("s5").service()));
    Orphaned o = assertInstanceOf(Orphaned.class, alloc.allocate(svc("s5")));
    assertEquals(ips("10.0.0.5"), o.ips());
    assertEquals(4, alloc.stats().get("p").inUse(), "orphans are not counted in the pool");
    assertEquals(BigInteger.ZERO, alloc.stats().get("p").free());
  }

  @Test
  void aVanishedPoolLeavesItsHoldersTheirAddressesUntilItComesBack() {
    alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/30"), AddressPool.of("b", "10.0.1.0/30")));
    alloc.allocate(svc("s1").withPool("b"));
    alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/30")));
    tell(alloc, gets("nobody else gets s1's address in the meantime", svc("s2").withPool("a"), "10.0.0.0"));
    assertInstanceOf(Orphaned.class, alloc.allocate(svc("s1").withPool("b")));
    alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/30"), AddressPool.of("b2", "10.0.1.0/30")));
    assertEquals(Optional.of("b2"), alloc.assignment(svc("s1").service()).orElseThrow().pool());
    assertEquals(1, alloc.stats().get("b2").inUse(), "the returning range counts s1 again");
    tell(alloc, gets("b2 hands out the next address, not s1's", svc("s3").withPool("b2"), "10.0.1.1"));
  }

  @Test
  void aPoolThatStopsAdmittingAServiceDoesNotEvictIt() {
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/30")));
    alloc.allocate(svc("ns1/s"));
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/30").withServiceAllocation(
        new ServiceAllocation(OptionalInt.empty(), List.of("ns2"), List.of(), List.of()))));
    assertInstanceOf(Orphaned.class, alloc.allocate(svc("ns1/s")));
    assertTrue(alloc.orphans().get(svc("ns1/s").service()).contains("no longer admits namespace ns1"));
  }

  @Test
  void aServiceWhoseOwnRequestChangesMovesAndKeepsItsAddressWhenNothingElseFits() {
    alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/31"), AddressPool.of("b", "10.0.1.0/32")));
    tell(alloc,
        gets("s1 takes a's first", svc("s1"), "10.0.0.0"),
        gets("s1 asks for pool b: moves", svc("s1").withPool("b"), "10.0.1.0"),
        refused("s2 asks for b: full", svc("s2").withPool("b"), AllocationResult.NoFreeAddress.class),
        gets("s2 asks for the address s1 just left", svc("s2").withRequestedIps(ip("10.0.0.0")), "10.0.0.0"),
        refused("s2 asks for s1's address instead: s2 keeps what it had", svc("s2").withRequestedIps(ip("10.0.1.0")),
            Conflict.class));
    assertEquals(ips("10.0.0.0"), alloc.assignment(svc("s2").service()).orElseThrow().ips());
  }

  @Test
  void restoreRelearnsEverythingInOnePassAndReportsConflictsWhateverTheOrder() {
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/29")));
    Map<ServiceKey, ExistingAllocation> cluster = new LinkedHashMap<>();
    put(cluster, svc("z-late").withSharing("k", Port.tcp(80)), "10.0.0.1");
    put(cluster, svc("a-early").withSharing("k", Port.tcp(80)), "10.0.0.1");
    put(cluster, svc("m-sharer").withSharing("k", Port.tcp(443)), "10.0.0.1");
    put(cluster, svc("outside"), "192.0.2.7");
    put(cluster, svc("plain"), "10.0.0.2");
    List<RestoreConflict> forward = alloc.restore(cluster);
    Map<ServiceKey, ExistingAllocation> reversed = new LinkedHashMap<>();
    List<ServiceKey> keys = new ArrayList<>(cluster.keySet());
    Collections.reverse(keys);
    keys.forEach(k -> reversed.put(k, cluster.get(k)));
    Allocator other = new Allocator();
    other.setPools(List.of(AddressPool.of("p", "10.0.0.0/29")));
    assertEquals(forward, other.restore(reversed));
    assertEquals(alloc.assignments(), other.assignments());

    assertEquals(2, forward.size());
    RestoreConflict outside = forward.get(0);
    assertEquals(svc("outside").service(), outside.service());
    assertInstanceOf(NotInAnyPool.class, outside.reason());
    assertTrue(outside.kept(), "an address outside every pool is kept, not reshuffled");
    RestoreConflict late = forward.get(1);
    assertEquals(svc("z-late").service(), late.service());
    assertEquals(SharingRule.PORT_COLLISION, assertInstanceOf(Conflict.class, late.reason()).rule());
    assertTrue(!late.kept());
    assertEquals(List.of(svc("a-early").service(), svc("m-sharer").service()), alloc.holders(ip("10.0.0.1")));
    assertEquals(ips("192.0.2.7"), alloc.assignment(svc("outside").service()).orElseThrow().ips());
    assertEquals(2, alloc.stats().get("p").inUse());
    tell(alloc, gets("z-late is allocated again, to the lowest free address", svc("z-late")
        .withSharing("k", Port.tcp(80)), "10.0.0.0"));
  }

  private static void put(Map<ServiceKey, ExistingAllocation> m, ServiceRequest r, String... ips) {
    m.put(r.service(), new ExistingAllocation(r, ips(ips)));
  }

  @Test
  void reservedAddressesGoOnlyToAServiceThatRequestsThemAndNamesTheReservation() {
    alloc.setPools(List.of(AddressPool.of("p", "10.0.0.0/30")));
    assertEquals(new ReservationResult.Done("router", ips("10.0.0.0")), alloc.reserve("router", ips("10.0.0.0")));
    tell(alloc,
        gets("automatic assignment skips the reserved address", svc("s1"), "10.0.0.1"),
        refused("requesting it without naming the reservation", svc("s2").withRequestedIps(ip("10.0.0.0")),
            Reserved.class),
        refused("naming another reservation", svc("s2").withRequestedIps(ip("10.0.0.0")).withReservation("other"),
            Reserved.class),
        gets("requesting it and naming the reservation", svc("s2").withRequestedIps(ip("10.0.0.0"))
            .withReservation("router"), "10.0.0.0"));
    PoolStats s = alloc.stats().get("p");
    assertEquals(List.of(2L, 0L, BigInteger.TWO), List.of(s.inUse(), s.reserved(), s.free()));
    assertInstanceOf(ReservationResult.Refused.class, alloc.reserve("vpn", ips("10.0.0.1")), "held by s1");
    assertInstanceOf(ReservationResult.Refused.class, alloc.reserve("vpn", ips("10.0.0.2", "10.0.0.0")),
        "10.0.0.0 is router's: all or nothing");
    assertEquals(Map.of("router", ips("10.0.0.0")), alloc.reservations());
    alloc.reserve("vpn", ips("10.0.0.3"));
    assertEquals(1L, alloc.stats().get("p").reserved());
    alloc.unreserve("vpn", ips("10.0.0.3"));
    tell(alloc, gets("an unreserved address is free again", svc("s3").withPool("p").withSharing("", Port.tcp(1)),
        "10.0.0.2"), gets("and the next", svc("s4"), "10.0.0.3"));
  }

  @Test
  void reservationsOutsideEveryPoolAreKeptAcrossConfigChanges() {
    alloc.reserve("gw", ips("10.0.1.1"));
    alloc.setPools(List.of(AddressPool.of("p", "10.0.1.0/31")));
    tell(alloc, gets("the pool that now covers it still skips it", svc("s"), "10.0.1.0"),
        refused("and has nothing else", svc("t"), AllocationResult.NoFreeAddress.class));
    assertEquals(1L, alloc.stats().get("p").reserved());
  }
}
