package io.baremetallb.ipam.core;

import static io.baremetallb.ipam.core.Story.gets;
import static io.baremetallb.ipam.core.Story.ip;
import static io.baremetallb.ipam.core.Story.refused;
import static io.baremetallb.ipam.core.Story.svc;
import static io.baremetallb.ipam.core.Story.tell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.AllocationResult.NoFreeAddress;
import io.baremetallb.ipam.core.AllocationResult.PoolNotAllowed;
import io.baremetallb.ipam.core.AllocationResult.PoolNotFound;
import io.baremetallb.ipam.core.AllocationResult.WrongPool;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.ServiceAllocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which pool a Service's address comes from: annotation, autoAssign, serviceAllocation, priority. */
class AllocatorPoolChoiceTest {
  private final Allocator alloc = new Allocator();

  private static ServiceAllocation allocation(Integer priority, List<String> namespaces,
      List<LabelSelector> nsSelectors, List<LabelSelector> svcSelectors) {
    return new ServiceAllocation(priority == null ? OptionalInt.empty() : OptionalInt.of(priority), namespaces,
        nsSelectors, svcSelectors);
  }

  private static LabelSelector labels(String k, String v) {
    return LabelSelector.matchLabels(Map.of(k, v));
  }

  @Test
  void autoAssignFalsePoolsServeOnlyWhenNamedOrRequested() {
    alloc.setPools(List.of(
        AddressPool.of("manual", "10.0.0.0/30").withAutoAssign(false),
        AddressPool.of("auto", "10.0.1.0/30")));
    tell(alloc,
        gets("unannotated Service skips the manual pool", svc("a"), "10.0.1.0"),
        gets("naming the manual pool works", svc("b").withPool("manual"), "10.0.0.0"),
        gets("requesting one of its addresses works", svc("c").withRequestedIps(ip("10.0.0.3")), "10.0.0.3"),
        refused("naming a pool that does not exist", svc("d").withPool("nope"), PoolNotFound.class),
        refused("requested IP and named pool disagree",
            svc("d").withRequestedIps(ip("10.0.0.2")).withPool("auto"), WrongPool.class));
    alloc.setPools(List.of(AddressPool.of("manual", "10.0.0.0/30").withAutoAssign(false)));
    NoFreeAddress none = assertInstanceOf(NoFreeAddress.class, alloc.allocate(svc("e")));
    assertEquals(Optional.empty(), none.pool());
    assertEquals(true, none.message().startsWith("no pool allows this Service"), none.message());
  }

  @Test
  void namespacePoolsServeTheirNamespaceFirstAndNobodyElse() {
    alloc.setPools(List.of(
        AddressPool.of("open", "10.0.1.0/30"),
        AddressPool.of("team-a", "10.0.0.0/30").withServiceAllocation(allocation(null, List.of("a"), List.of(),
            List.of()))));
    tell(alloc,
        gets("a Service in namespace a gets its namespace's pool before the open one", svc("a/s1"), "10.0.0.0"),
        gets("a Service elsewhere gets the open pool", svc("b/s1"), "10.0.1.0"),
        refused("and may not request an address of namespace a's pool",
            svc("b/s2").withRequestedIps(ip("10.0.0.1")), PoolNotAllowed.class),
        refused("nor name that pool", svc("b/s2").withPool("team-a"), PoolNotAllowed.class));
  }

  @Test
  void namespaceSelectorsMatchTheNamespacesLabels() {
    alloc.setPools(List.of(AddressPool.of("prod", "10.0.0.0/30").withServiceAllocation(
        allocation(null, List.of(), List.of(labels("env", "prod")), List.of()))));
    tell(alloc,
        gets("namespace labelled env=prod", svc("shop/web").withLabels(Map.of("env", "prod"), Map.of()), "10.0.0.0"),
        refused("namespace labelled env=dev", svc("lab/web").withLabels(Map.of("env", "dev"), Map.of()),
            NoFreeAddress.class));
  }

  @Test
  void serviceSelectorsMatchTheServicesLabels() {
    alloc.setPools(List.of(
        AddressPool.of("open", "10.0.1.0/30"),
        AddressPool.of("metallb-team", "10.0.0.0/30").withServiceAllocation(
            allocation(null, List.of(), List.of(), List.of(labels("team", "metallb"))))));
    tell(alloc,
        gets("team=metallb gets the selected pool", svc("x/a").withLabels(Map.of(), Map.of("team", "metallb")),
            "10.0.0.0"),
        gets("team=red gets the open pool", svc("x/b").withLabels(Map.of(), Map.of("team", "red")), "10.0.1.0"));
  }

  @Test
  void priorityOrdersPoolsLowestFirstThenPoolsWithoutThenByName() {
    ServiceAllocation ns = allocation(null, List.of("x"), List.of(), List.of());
    alloc.setPools(List.of(
        AddressPool.of("zeta", "10.0.4.0/32").withServiceAllocation(ns),
        AddressPool.of("alpha", "10.0.3.0/32").withServiceAllocation(ns),
        AddressPool.of("p20", "10.0.2.0/32").withServiceAllocation(allocation(20, List.of("x"), List.of(), List.of())),
        AddressPool.of("p10", "10.0.1.0/32").withServiceAllocation(allocation(10, List.of("x"), List.of(), List.of()))));
    assertEquals(List.of("p10", "p20", "alpha", "zeta"), alloc.poolOrder());
    tell(alloc,
        gets("priority 10 first", svc("x/1"), "10.0.1.0"),
        gets("then priority 20", svc("x/2"), "10.0.2.0"),
        gets("then pools without priority, by name", svc("x/3"), "10.0.3.0"),
        gets("last", svc("x/4"), "10.0.4.0"));
  }

  @Test
  void theSameConfigGivesTheSameAddressesWhateverTheListOrder() {
    List<AddressPool> pools = List.of(AddressPool.of("b", "10.0.2.0/31"), AddressPool.of("a", "10.0.1.0/31"),
        AddressPool.of("c", "10.0.3.0/31"));
    Allocator other = new Allocator();
    alloc.setPools(pools);
    other.setPools(List.of(pools.get(2), pools.get(0), pools.get(1)));
    for (int i = 0; i < 6; i++) {
      assertEquals(alloc.allocate(svc("s" + i)), other.allocate(svc("s" + i)));
    }
    Allocator fresh = new Allocator();
    fresh.setPools(pools);
    assertEquals(new Allocated("a", List.of(ip("10.0.1.0"))), fresh.allocate(svc("first")));
  }

  @Test
  void overlappingOrDuplicatePoolsAreRefusedWithoutChangingAnything() {
    alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/30")));
    alloc.allocate(svc("s"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/24"), AddressPool.of("b", "10.0.0.128/25"))));
    assertEquals("pools \"a\" and \"b\" overlap at 10.0.0.128", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> alloc.setPools(List.of(AddressPool.of("a", "10.0.0.0/30"), AddressPool.of("a", "10.0.1.0/30"))));
    assertEquals(List.of("a"), alloc.poolOrder());
    assertEquals(1, alloc.stats().get("a").inUse());
  }
}
