package io.baremetallb.ipam.core;

import static io.baremetallb.ipam.core.Story.gets;
import static io.baremetallb.ipam.core.Story.ips;
import static io.baremetallb.ipam.core.Story.svc;
import static io.baremetallb.ipam.core.Story.tell;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ipam.core.ReservationResult.Done;
import io.baremetallb.ipam.core.ReservationResult.Reason;
import io.baremetallb.ipam.core.ReservationResult.Refused;
import io.baremetallb.model.AddressPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reservations by pool: specific addresses checked against the pool, and next-free ones picked by the allocator. */
class AllocatorReservationTest {
  private final Allocator alloc = new Allocator();

  @BeforeEach
  void pools() {
    alloc.setPools(List.of(AddressPool.of("web", "192.0.2.0/29"), AddressPool.of("six", "2001:db8::/126")));
  }

  private static Reason reason(ReservationResult r) {
    return ((Refused) r).reason();
  }

  @Test
  void nextFreeAddressesAreTheLowestOnesNotHeldByAServiceOrAnotherReservation() {
    tell(alloc, gets("a Service takes the lowest", svc("s1"), "192.0.2.0"));
    alloc.reserve("gw", ips("192.0.2.1"));
    assertEquals(new Done("vm", ips("192.0.2.2", "192.0.2.3")), alloc.reserveFree("vm", "web", 2));
    tell(alloc, gets("the next Service skips both reservations", svc("s2"), "192.0.2.4"));
    assertEquals(Map.of("gw", ips("192.0.2.1"), "vm", ips("192.0.2.2", "192.0.2.3")), alloc.reservations());
  }

  @Test
  void countAboveTheFreeAddressesIsRefusedSayingHowManyAreFreeAndChangesNothing() {
    tell(alloc, gets("one Service", svc("s1"), "192.0.2.0"));
    Refused r = (Refused) alloc.reserveFree("big", "web", 8);
    assertEquals(Reason.POOL_EXHAUSTED, r.reason());
    assertEquals("pool \"web\" has 7 free addresses, 8 asked for", r.message());
    assertEquals(Map.of(), alloc.reservations());
    assertEquals(7, alloc.stats().get("web").free().intValue());
  }

  @Test
  void anIpv6OnlyPoolGivesIpv6Addresses() {
    assertEquals(new Done("v6", ips("2001:db8::", "2001:db8::1")), alloc.reserveFree("v6", "six", 2));
  }

  @Test
  void specificAddressesMustLieInTheNamedPool() {
    assertEquals(Reason.POOL_NOT_FOUND, reason(alloc.reserve("x", "nope", ips("192.0.2.1"))));
    assertEquals(Reason.POOL_NOT_FOUND, reason(alloc.reserveFree("x", "nope", 1)));
    Refused wrongPool = (Refused) alloc.reserve("x", "six", ips("192.0.2.1"));
    assertEquals(Reason.ADDRESS_NOT_IN_POOL, wrongPool.reason());
    assertEquals("192.0.2.1 is not one of pool \"six\"'s addresses [2001:db8::/126]", wrongPool.message());
    assertEquals(new Done("x", ips("192.0.2.1")), alloc.reserve("x", "web", ips("192.0.2.1")));
  }

  @Test
  void anAddressHeldByAServiceOrAnotherReservationIsRefusedWithItsReason() {
    tell(alloc, gets("s1", svc("s1"), "192.0.2.0"));
    alloc.reserve("gw", ips("192.0.2.1"));
    assertEquals(Reason.ADDRESS_IN_USE, reason(alloc.reserve("x", "web", ips("192.0.2.0"))));
    assertEquals(Reason.ADDRESS_RESERVED, reason(alloc.reserve("x", "web", ips("192.0.2.5", "192.0.2.1"))));
    assertEquals(Map.of("gw", ips("192.0.2.1")), alloc.reservations(), "all or nothing");
  }

  @Test
  void unreserveAllGivesEveryAddressBack() {
    alloc.reserveFree("vm", "web", 3);
    assertEquals(true, alloc.unreserveAll("vm"));
    assertEquals(false, alloc.unreserveAll("vm"));
    assertEquals(8, alloc.stats().get("web").free().intValue());
  }
}
