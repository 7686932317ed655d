package io.baremetallb.ipam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpRange;
import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.AllocationResult.Orphaned;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceAllocation;
import io.baremetallb.model.ServiceKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of allocate, release, config change, reserve, unreserve and restore, checked
 * after every step against a plain model: nobody shares an address unless the sharing rules allow
 * it, nobody's addresses change except by their own successful request, and every pool counter
 * equals what is really assigned (counted here by enumerating the small pools).
 */
class AllocatorPropertiesTest {
  static final List<List<AddressPool>> CONFIGS = List.of(
      List.of(AddressPool.of("A", "192.0.2.0/29"),
          AddressPool.of("B", "192.0.2.254-192.0.3.1").withAvoidBuggyIps(true),
          AddressPool.of("D", "192.0.2.16/30", "2001:db8::/126")),
      List.of(AddressPool.of("A", "192.0.2.0/30"), AddressPool.of("D", "192.0.2.16/31", "2001:db8::/127")),
      List.of(AddressPool.of("A2", "192.0.2.0/29").withAutoAssign(false),
          AddressPool.of("B", "192.0.2.254-192.0.3.1")),
      List.of(),
      List.of(AddressPool.of("A", "192.0.2.0/29").withServiceAllocation(
          new ServiceAllocation(OptionalInt.of(1), List.of("ns1"), List.of(), List.of())),
          AddressPool.of("D", "192.0.2.16/30", "2001:db8::/126")));
  static final List<String> CANDIDATE_IPS = List.of("192.0.2.1", "192.0.2.5", "192.0.2.255", "192.0.3.1",
      "192.0.2.17", "2001:db8::1", "2001:db8::3", "10.9.9.9");

  sealed interface Op {
  }

  record Allocate(ServiceRequest r) implements Op {
  }

  record Release(ServiceKey s) implements Op {
  }

  record SetPools(int config) implements Op {
  }

  record Reserve(boolean undo, String name, IpAddress ip) implements Op {
  }

  record Restore() implements Op {
  }

  @Property(tries = 200)
  void randomHistoriesKeepEveryInvariant(@ForAll("histories") @Size(max = 50) List<Op> ops) {
    Allocator a = new Allocator();
    List<AddressPool> pools = CONFIGS.get(0);
    a.setPools(pools);
    Map<ServiceKey, ServiceRequest> requests = new HashMap<>();
    Map<ServiceKey, List<IpAddress>> model = new TreeMap<>();
    for (Op op : ops) {
      if (op instanceof Allocate al) {
        AllocationResult res = a.allocate(al.r());
        List<IpAddress> got = res instanceof Allocated x ? x.ips() : res instanceof Orphaned o ? o.ips() : null;
        if (got != null) {
          model.put(al.r().service(), got);
          requests.put(al.r().service(), al.r());
        }
        if (res instanceof Allocated x) {
          AddressPool p = pools.stream().filter(q -> q.name().equals(x.pool())).findFirst().orElseThrow();
          x.ips().forEach(ip -> assertTrue(usable(p, ip), ip + " handed out from " + p.name()));
        }
      } else if (op instanceof Release r) {
        assertEquals(model.remove(r.s()) != null, a.release(r.s()));
      } else if (op instanceof SetPools sp) {
        pools = CONFIGS.get(sp.config());
        a.setPools(pools);
      } else if (op instanceof Reserve rv) {
        if (rv.undo()) {
          a.unreserve(rv.name(), List.of(rv.ip()));
        } else {
          a.reserve(rv.name(), List.of(rv.ip()));
        }
      } else {
        Map<ServiceKey, ExistingAllocation> now = new HashMap<>();
        model.forEach((k, ips) -> now.put(k, new ExistingAllocation(requests.get(k), ips)));
        List<RestoreConflict> conflicts = a.restore(now);
        assertTrue(conflicts.stream().allMatch(RestoreConflict::kept), "re-learning a valid state: " + conflicts);
      }
      Map<ServiceKey, List<IpAddress>> actual = new TreeMap<>();
      a.assignments().forEach((k, as) -> actual.put(k, as.ips()));
      assertEquals(model, actual, "after " + op + ": nobody's addresses moved or vanished");
      checkSharing(a, requests, model);
      checkCounters(a, pools, model);
    }
  }

  private static void checkSharing(Allocator a, Map<ServiceKey, ServiceRequest> requests,
      Map<ServiceKey, List<IpAddress>> model) {
    Map<IpAddress, List<ServiceKey>> byIp = new HashMap<>();
    model.forEach((k, ips) -> ips.forEach(ip -> byIp.computeIfAbsent(ip, x -> new ArrayList<>()).add(k)));
    byIp.forEach((ip, keys) -> {
      for (int i = 0; i < keys.size(); i++) {
        for (int j = i + 1; j < keys.size(); j++) {
          ServiceRequest x = requests.get(keys.get(i));
          ServiceRequest y = requests.get(keys.get(j));
          assertTrue(x.sharing().shares() && x.sharing().equals(y.sharing())
              && Collections.disjoint(x.ports(), y.ports()), ip + " shared by " + x + " and " + y);
        }
      }
      String res = a.reservations().entrySet().stream().filter(e -> e.getValue().contains(ip))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (res != null) {
        keys.forEach(k -> assertTrue(requests.get(k).requestedIps().contains(ip)
            && requests.get(k).reservation().equals(Optional.of(res)), k + " holds reserved " + ip));
      }
    });
  }

  private static void checkCounters(Allocator a, List<AddressPool> pools, Map<ServiceKey, List<IpAddress>> model) {
    Set<IpAddress> held = new HashSet<>();
    model.values().forEach(held::addAll);
    Set<IpAddress> reserved = new HashSet<>();
    a.reservations().values().forEach(reserved::addAll);
    Map<String, BigInteger> fromSets = a.freeCountedFromSets();
    for (AddressPool p : pools) {
      List<IpAddress> all = enumerate(p);
      Map<IpFamily, PoolStats.Family> families = new EnumMap<>(IpFamily.class);
      for (IpFamily f : IpFamily.values()) {
        List<IpAddress> ofFamily = all.stream().filter(ip -> ip.family() == f).toList();
        long inUse = ofFamily.stream().filter(held::contains).count();
        long res = ofFamily.stream().filter(ip -> reserved.contains(ip) && !held.contains(ip)).count();
        families.put(f, PoolStats.Family.of(BigInteger.valueOf(ofFamily.size()), inUse, res));
      }
      PoolStats s = a.stats().get(p.name());
      assertEquals(new PoolStats(p.name(), families), s);
      assertEquals(s.free(), fromSets.get(p.name()), p.name() + ": free sets agree with the counters");
    }
  }

  private static List<IpAddress> enumerate(AddressPool p) {
    List<IpAddress> out = new ArrayList<>();
    for (IpRange r : p.ranges()) {
      for (IpAddress ip = r.first(); ; ip = ip.next()) {
        if (usable(p, ip) && !out.contains(ip)) {
          out.add(ip);
        }
        if (ip.equals(r.last())) {
          break;
        }
      }
    }
    return out;
  }

  private static boolean usable(AddressPool p, IpAddress ip) {
    return p.ranges().stream().anyMatch(r -> r.contains(ip)) && !(p.avoidBuggyIps() && ip.isBuggyV4());
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        Tuple.of(8, requests().map(r -> (Op) new Allocate(r))),
        Tuple.of(3, keys().map(k -> (Op) new Release(k))),
        Tuple.of(1, Arbitraries.integers().between(0, CONFIGS.size() - 1).map(i -> (Op) new SetPools(i))),
        Tuple.of(2, Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("r1", "r2"),
            Arbitraries.of(CANDIDATE_IPS).map(IpAddress::parse)).as((u, n, ip) -> (Op) new Reserve(u, n, ip))),
        Tuple.of(1, Arbitraries.just((Op) new Restore())));
    return op.list();
  }

  private static Arbitrary<ServiceKey> keys() {
    return Combinators.combine(Arbitraries.of("ns1", "ns2"), Arbitraries.of("s0", "s1", "s2"))
        .as(ServiceKey::new);
  }

  private static Arbitrary<ServiceRequest> requests() {
    Arbitrary<List<IpAddress>> wanted = Arbitraries.oneOf(Arbitraries.just(List.of()), Arbitraries.just(List.of()),
        Arbitraries.of(CANDIDATE_IPS).map(s -> List.of(IpAddress.parse(s))),
        Arbitraries.of(CANDIDATE_IPS).list().ofSize(2).uniqueElements().map(l -> l.stream().map(IpAddress::parse).toList()));
    Arbitrary<Port[]> ports = Arbitraries.of(Port.tcp(80), Port.tcp(443), Port.udp(53)).set().ofMaxSize(2)
        .map(s -> s.toArray(new Port[0]));
    Arbitrary<Object[]> families = Arbitraries.of(
        new Object[] {FamilyPolicy.SINGLE_STACK, new IpFamily[] {IpFamily.IPV4}},
        new Object[] {FamilyPolicy.SINGLE_STACK, new IpFamily[] {IpFamily.IPV6}},
        new Object[] {FamilyPolicy.PREFER_DUAL_STACK, new IpFamily[] {IpFamily.IPV4, IpFamily.IPV6}},
        new Object[] {FamilyPolicy.REQUIRE_DUAL_STACK, new IpFamily[] {IpFamily.IPV6, IpFamily.IPV4}});
    return Combinators.combine(keys(), wanted, Arbitraries.of("", "A", "B", "D", "X"), Arbitraries.of("", "k1", "k2"),
        ports, Arbitraries.of("", "app=a", "app=b"), families, Arbitraries.of("", "r1")).as(
            (k, ips, pool, key, p, backend, fam, res) -> ServiceRequest.of(k, IpFamily.IPV4)
                .withFamilies((FamilyPolicy) fam[0], (IpFamily[]) fam[1])
                .withRequestedIps(ips.toArray(new IpAddress[0]))
                .withPool(pool)
                .withSharing(key, p)
                .withBackend(backend, !backend.isEmpty())
                .withReservation(res));
  }
}
