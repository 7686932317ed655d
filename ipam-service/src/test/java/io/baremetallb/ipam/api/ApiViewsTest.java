package io.baremetallb.ipam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.Assignment;
import io.baremetallb.ipam.core.PoolStats;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API's answers from the allocator's values: order, counters, filters, and the problems for bad input. */
class ApiViewsTest {
  private static final AddressPool PUBLIC = AddressPool.of("production-public-ips", "192.0.2.5-192.0.2.9");
  private static final AddressPool DUAL = AddressPool.of("dual", "2001:db8::/64", "198.51.100.0/30");
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private static Map<String, PoolStats> statsInAllocatorOrder() {
    Map<String, PoolStats> m = new LinkedHashMap<>();
    m.put("dual", new PoolStats("dual", Map.of(IpFamily.IPV4, PoolStats.Family.of(BigInteger.valueOf(4), 1, 1),
        IpFamily.IPV6, PoolStats.Family.of(TWO_64, 1, 0))));
    m.put("production-public-ips", new PoolStats("production-public-ips",
        Map.of(IpFamily.IPV4, PoolStats.Family.of(BigInteger.valueOf(5), 1, 0))));
    return m;
  }

  private static Assignment held(String ns, String name, String pool, String... ips) {
    return new Assignment(new ServiceKey(ns, name), Optional.ofNullable(pool),
        java.util.Arrays.stream(ips).map(IpAddress::parse).toList());
  }

  private static final List<Assignment> HELD = List.of(
      held("default", "myapp-svc", "production-public-ips", "192.0.2.5"),
      held("default", "orphan-svc", null, "203.0.113.7"),
      held("web", "webapp-svc", "dual", "198.51.100.0", "2001:db8::"));

  @Test
  void poolsComeInTheAllocatorsOrderWithTheirConfiguredEntriesAndExactCounters() {
    List<PoolView> pools = ApiViews.pools(statsInAllocatorOrder(), List.of(PUBLIC, DUAL));
    assertEquals(List.of(
        new PoolView("dual", List.of("IPv4", "IPv6"), List.of("2001:db8::/64", "198.51.100.0/30"),
            new BigInteger("18446744073709551620"), 2, 1, new BigInteger("18446744073709551617")),
        new PoolView("production-public-ips", List.of("IPv4"), List.of("192.0.2.5-192.0.2.9"),
            BigInteger.valueOf(5), 1, 0, BigInteger.valueOf(4))), pools);
  }

  @Test
  void onePoolByNameAnUnknownOneIs404AndAMalformedName400() {
    List<PoolView> pools = ApiViews.pools(statsInAllocatorOrder(), List.of(PUBLIC, DUAL));
    assertEquals("production-public-ips", ApiViews.pool(pools, "production-public-ips").name());
    ApiProblem unknown = assertThrows(ApiProblem.class, () -> ApiViews.pool(pools, "nope"));
    assertEquals(new Problem("https://baremetallb.io/problems/not-found", "Not found", 404,
        "no pool \"nope\" in the configuration in force"), unknown.problem());
    assertEquals(400, assertThrows(ApiProblem.class, () -> ApiViews.pool(pools, "bad name!")).problem().status());
  }

  @Test
  void allocationsWithoutFiltersListEveryServiceWithPoolOrphanAndSharingKey() {
    List<AllocationView> all = ApiViews.allocations(HELD, Set.of("dual", "production-public-ips"), null, "",
        k -> k.name().equals("webapp-svc") ? Optional.of("shared-web") : Optional.empty());
    assertEquals(List.of(
        new AllocationView("default", "myapp-svc", "production-public-ips", List.of("192.0.2.5"), null),
        new AllocationView("default", "orphan-svc", null, List.of("203.0.113.7"), null),
        new AllocationView("web", "webapp-svc", "dual", List.of("198.51.100.0", "2001:db8::"), "shared-web")), all);
  }

  @Test
  void allocationsFilterByPoolAndNamespaceTogether() {
    Set<String> pools = Set.of("dual", "production-public-ips");
    assertEquals(List.of("webapp-svc"), names(ApiViews.allocations(HELD, pools, "dual", null, k -> Optional.empty())));
    assertEquals(List.of("myapp-svc", "orphan-svc"),
        names(ApiViews.allocations(HELD, pools, null, "default", k -> Optional.empty())));
    assertEquals(List.of(), names(ApiViews.allocations(HELD, pools, "dual", "default", k -> Optional.empty())));
  }

  @Test
  void badFiltersAreProblemsNamingTheParameter() {
    Set<String> pools = Set.of("dual");
    ApiProblem ns = assertThrows(ApiProblem.class,
        () -> ApiViews.allocations(HELD, pools, null, "Not_A_Namespace", k -> Optional.empty()));
    assertEquals(400, ns.problem().status());
    assertEquals(true, ns.problem().detail().startsWith("namespace \"Not_A_Namespace\""), ns.problem().detail());
    ApiProblem pool = assertThrows(ApiProblem.class,
        () -> ApiViews.allocations(HELD, pools, "-x", null, k -> Optional.empty()));
    assertEquals(400, pool.problem().status());
    assertEquals(404, assertThrows(ApiProblem.class,
        () -> ApiViews.allocations(HELD, pools, "absent", null, k -> Optional.empty())).problem().status());
  }

  private static List<String> names(List<AllocationView> v) {
    return v.stream().map(AllocationView::service).toList();
  }
}
