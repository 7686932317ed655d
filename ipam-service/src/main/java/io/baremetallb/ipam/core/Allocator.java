package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.AllocationResult.Allocated;
import io.baremetallb.ipam.core.AllocationResult.FamilyNotAvailable;
import io.baremetallb.ipam.core.AllocationResult.InvalidRequest;
import io.baremetallb.ipam.core.AllocationResult.NoFreeAddress;
import io.baremetallb.ipam.core.AllocationResult.NotInAnyPool;
import io.baremetallb.ipam.core.AllocationResult.Orphaned;
import io.baremetallb.ipam.core.AllocationResult.PoolNotAllowed;
import io.baremetallb.ipam.core.AllocationResult.PoolNotFound;
import io.baremetallb.ipam.core.AllocationResult.Rejected;
import io.baremetallb.ipam.core.AllocationResult.WrongPool;
import io.baremetallb.ipam.core.Ledger.Holding;
import io.baremetallb.ipam.core.ReservationResult.Done;
import io.baremetallb.ipam.core.ReservationResult.Reason;
import io.baremetallb.ipam.core.ReservationResult.Refused;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Gives LoadBalancer Services addresses from the configured pools, with MetalLB's rules (see
 * {@code docs/allocator.md}): requested IPs, the address-pool annotation, autoAssign,
 * avoidBuggyIPs, serviceAllocation, dual-stack from one pool, and IP sharing. Unlike MetalLB it
 * orders pools deterministically, finds the lowest free address in O(log n), never re-IPs a Service
 * because the config changed, and re-learns existing allocations in one order-independent pass.
 *
 * <p>Pure and single-threaded: the caller (the reconciler) serialises calls.
 */
public final class Allocator {
  private final Ledger ledger = new Ledger(new PoolTable(List.of()));
  private final Placement placement = new Placement(ledger);

  /**
   * Replaces the pools. Nobody's addresses change: a Service whose addresses fall outside every
   * pool keeps them and shows up in {@link #orphans()}. Throws IllegalArgumentException (and
   * changes nothing) when two pools share a name or an address, which config validation forbids.
   */
  public void setPools(List<AddressPool> pools) {
    ledger.rebind(new PoolTable(pools));
  }

  /**
   * Gives {@code r.service()} addresses, or says why not. Idempotent: a Service that holds
   * addresses still valid for the request keeps them. A Service whose own request changed so that
   * its addresses no longer fit (other requested IPs, another pool named, other families, a
   * sharing conflict) moves to new ones, and keeps the old ones if no new ones can be found. A
   * rejection never changes anything.
   */
  public AllocationResult allocate(ServiceRequest r) {
    Holding h = ledger.holding(r.service());
    if (h == null) {
      return fresh(r);
    }
    Verdict v = Verdict.of(h, r, ledger);
    switch (v.kind()) {
      case KEEP:
        return keep(h, r, v.pool());
      case ORPHAN:
        List<IpAddress> ips = inFamilyOrder(h.ips(), r.families());
        replace(h, new Holding(r, ips));
        return new Orphaned(ips, v.reason());
      default:
        ledger.remove(h);
        AllocationResult result = fresh(r);
        if (result instanceof Rejected) {
          ledger.add(h);
        }
        return result;
    }
  }

  /** Frees what {@code service} holds; false if it held nothing. */
  public boolean release(ServiceKey service) {
    Holding h = ledger.holding(service);
    if (h == null) {
      return false;
    }
    ledger.remove(h);
    return true;
  }

  private AllocationResult keep(Holding h, ServiceRequest r, PoolState pool) {
    List<IpFamily> fams = Placement.wanted(r);
    List<IpAddress> ips = inFamilyOrder(h.ips(), r.families());
    if (ips.size() == 1 && fams.size() == 2 && r.familyPolicy() == FamilyPolicy.PREFER_DUAL_STACK
        && r.requestedIps().isEmpty()) {
      IpFamily missing = ips.get(0).family() == fams.get(0) ? fams.get(1) : fams.get(0);
      IpAddress extra = placement.candidate(pool, missing, r);
      if (extra != null) {
        ips = inFamilyOrder(List.of(ips.get(0), extra), fams);
      }
    }
    if (!h.request().equals(r) || !ips.equals(h.ips())) {
      replace(h, new Holding(r, ips));
    }
    return new Allocated(pool.name(), ips);
  }

  private void replace(Holding old, Holding next) {
    ledger.remove(old);
    ledger.add(next);
  }

  private AllocationResult fresh(ServiceRequest r) {
    if (r.familyPolicy() == FamilyPolicy.REQUIRE_DUAL_STACK && r.families().size() < 2) {
      return new InvalidRequest("ipFamilyPolicy RequireDualStack needs two ipFamilies, the Service has "
          + r.families());
    }
    if (!r.requestedIps().isEmpty()) {
      return assignRequested(r);
    }
    return r.pool().isPresent() ? fromNamedPool(r, r.pool().get()) : fromAnyPool(r);
  }

  private AllocationResult assignRequested(ServiceRequest r) {
    List<IpAddress> ips = r.requestedIps();
    Set<IpFamily> asked = EnumSet.noneOf(IpFamily.class);
    ips.forEach(ip -> asked.add(ip.family()));
    if (asked.size() != ips.size()) {
      return new InvalidRequest("requested IPs " + ips + " must be at most one per family");
    }
    if (!asked.equals(EnumSet.copyOf(Placement.wanted(r)))) {
      return new InvalidRequest("requested IPs " + ips + " do not match the Service's IP families "
          + Placement.wanted(r) + " (" + r.familyPolicy() + ")");
    }
    PoolState p = ledger.table().poolOfAll(ips);
    if (p == null) {
      return new NotInAnyPool(ips, ledger.table().whyNotInOnePool(ips));
    }
    if (!p.admits(r)) {
      return new PoolNotAllowed(p.name(), r.namespace());
    }
    if (r.pool().isPresent() && !r.pool().get().equals(p.name())) {
      return new WrongPool(ips, p.name(), r.pool().get());
    }
    for (IpAddress ip : ips) {
      Optional<Rejected> no = ledger.refusal(ip, r);
      if (no.isPresent()) {
        return no.get();
      }
    }
    return take(r, p, inFamilyOrder(ips, r.families()));
  }

  private AllocationResult fromNamedPool(ServiceRequest r, String name) {
    Optional<PoolState> p = ledger.table().byName(name);
    if (p.isEmpty()) {
      return new PoolNotFound(name);
    }
    if (!p.get().admits(r)) {
      return new PoolNotAllowed(name, r.namespace());
    }
    Placement.Pick pick = placement.select(List.of(p.get()), r);
    if (pick != null) {
      return take(r, pick.pool(), pick.ips());
    }
    Optional<Rejected> family = familyProblem(List.of(p.get()), r);
    return family.isPresent() ? family.get()
        : new NoFreeAddress(Optional.of(name), "no free address in pool \"" + name + "\"" + sharingHint(r));
  }

  /** MetalLB's order: pools that single out this Service (namespaces, selectors) first, then open pools. */
  private AllocationResult fromAnyPool(ServiceRequest r) {
    List<PoolState> chosen = new ArrayList<>();
    List<PoolState> open = new ArrayList<>();
    for (PoolState p : ledger.table().ordered()) {
      if (p.pool().autoAssign() && p.restricted() && p.admits(r)) {
        chosen.add(p);
      } else if (p.pool().autoAssign() && !p.restricted()) {
        open.add(p);
      }
    }
    for (List<PoolState> tier : List.of(chosen, open)) {
      Placement.Pick pick = placement.select(tier, r);
      if (pick != null) {
        return take(r, pick.pool(), pick.ips());
      }
    }
    List<PoolState> all = new ArrayList<>(chosen);
    all.addAll(open);
    if (all.isEmpty()) {
      return new NoFreeAddress(Optional.empty(), "no pool allows this Service: none with autoAssign admits "
          + "namespace " + r.namespace() + " and these labels; pools with autoAssign: false are used only when "
          + "named by the address-pool annotation or when one of their addresses is requested");
    }
    Optional<Rejected> family = familyProblem(all, r);
    return family.isPresent() ? family.get() : new NoFreeAddress(Optional.empty(), "no free address in pools "
        + all.stream().map(PoolState::name).collect(Collectors.joining(", ")) + sharingHint(r));
  }

  private static String sharingHint(ServiceRequest r) {
    return r.sharing().shares() ? " (nor one this Service may share under key \"" + r.sharing().key() + "\")" : "";
  }

  /** Set when no pool in {@code pools} even has the families the request needs. */
  private static Optional<Rejected> familyProblem(List<PoolState> pools, ServiceRequest r) {
    List<IpFamily> fams = Placement.wanted(r);
    boolean dualNeeded = fams.size() == 2 && r.familyPolicy() == FamilyPolicy.REQUIRE_DUAL_STACK;
    boolean ok = pools.stream().anyMatch(p -> dualNeeded ? fams.stream().allMatch(p::hasFamily)
        : fams.stream().anyMatch(p::hasFamily));
    if (ok) {
      return Optional.empty();
    }
    String names = pools.stream().map(PoolState::name).collect(Collectors.joining(", "));
    return Optional.of(new FamilyNotAvailable(dualNeeded
        ? "no pool among " + names + " has both IPv4 and IPv6 addresses (RequireDualStack takes both from one pool)"
        : "no pool among " + names + " has " + fams.stream().map(IpFamily::label).collect(Collectors.joining(" or "))
            + " addresses"));
  }

  private Allocated take(ServiceRequest r, PoolState p, List<IpAddress> ips) {
    ledger.add(new Holding(r, ips));
    return new Allocated(p.name(), ips);
  }

  static List<IpAddress> inFamilyOrder(List<IpAddress> ips, List<IpFamily> families) {
    if (ips.size() < 2 || ips.get(0).family() == families.get(0)) {
      return ips;
    }
    return List.of(ips.get(1), ips.get(0));
  }

  /**
   * Re-learns what every Service holds, replacing what the allocator knew about Services (pools
   * and reservations stay). One pass in ServiceKey order, so the outcome does not depend on the
   * map's order. Nobody is moved: an address outside every pool or a reserved one is learned and
   * reported; only when two Services hold one address and may not share is the later one (by key)
   * left out, and reported, so that it can be allocated again.
   */
  public List<RestoreConflict> restore(Map<ServiceKey, ExistingAllocation> existing) {
    ledger.removeAll();
    List<RestoreConflict> conflicts = new ArrayList<>();
    for (Map.Entry<ServiceKey, ExistingAllocation> e : new TreeMap<>(existing).entrySet()) {
      ServiceRequest r = e.getValue().request();
      List<IpAddress> ips = e.getValue().ips();
      if (ips.isEmpty()) {
        continue;
      }
      Optional<Rejected> problem = RestoreCheck.structural(e.getKey(), r, ips);
      if (problem.isEmpty()) {
        problem = ips.stream().map(ip -> ledger.sharingRefusal(ip, r)).flatMap(Optional::stream).findFirst();
      }
      if (problem.isPresent()) {
        conflicts.add(new RestoreConflict(e.getKey(), ips, problem.get(), false));
        continue;
      }
      ledger.add(new Holding(r, inFamilyOrder(ips, r.families())));
      RestoreCheck.keptButWrong(ledger, r, ips).ifPresent(p -> conflicts.add(new RestoreConflict(e.getKey(), ips, p, true)));
    }
    return conflicts;
  }

  /** Holds {@code ips} for use outside the cluster under {@code name}; all or nothing. */
  public ReservationResult reserve(String name, List<IpAddress> ips) {
    Optional<Refused> no = ledger.reserve(name, ips);
    return no.isPresent() ? no.get() : new Done(name, ips);
  }

  /**
   * Holds {@code ips}, each of which must be one of pool {@code pool}'s usable addresses, under
   * {@code name}; all or nothing.
   */
  public ReservationResult reserve(String name, String pool, List<IpAddress> ips) {
    Optional<PoolState> p = ledger.table().byName(pool);
    if (p.isEmpty()) {
      return new Refused(Reason.POOL_NOT_FOUND, "no pool named \"" + pool + "\" in the configuration in force");
    }
    for (IpAddress ip : ips) {
      if (!p.get().contains(ip)) {
        return new Refused(Reason.ADDRESS_NOT_IN_POOL, ip + " is not one of pool \"" + pool + "\"'s addresses "
            + p.get().pool().addresses());
      }
    }
    return reserve(name, ips);
  }

  /**
   * Holds the {@code count} lowest free addresses of pool {@code pool} (IPv4 before IPv6) under
   * {@code name}; all or nothing. A refusal for too few says how many are free.
   */
  public ReservationResult reserveFree(String name, String pool, int count) {
    Optional<PoolState> p = ledger.table().byName(pool);
    if (p.isEmpty()) {
      return new Refused(Reason.POOL_NOT_FOUND, "no pool named \"" + pool + "\" in the configuration in force");
    }
    BigInteger free = stats().get(pool).free();
    if (free.compareTo(BigInteger.valueOf(count)) < 0) {
      return new Refused(Reason.POOL_EXHAUSTED, "pool \"" + pool + "\" has " + free + " free address"
          + (free.equals(BigInteger.ONE) ? "" : "es") + ", " + count + " asked for");
    }
    List<IpAddress> picked = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Optional<IpAddress> ip = p.get().lowestFree(IpFamily.IPV4).or(() -> p.get().lowestFree(IpFamily.IPV6));
      if (ip.isEmpty()) {
        ledger.unreserve(name, picked);
        return new Refused(Reason.POOL_EXHAUSTED, "pool \"" + pool + "\" ran out after " + i + " addresses, "
            + count + " asked for");
      }
      ledger.reserve(name, List.of(ip.get()));
      picked.add(ip.get());
    }
    return new Done(name, picked);
  }

  /** Returns reserved {@code ips} to their pools; addresses not reserved are ignored. */
  public ReservationResult unreserve(String name, List<IpAddress> ips) {
    Optional<Refused> no = ledger.unreserve(name, ips);
    return no.isPresent() ? no.get() : new Done(name, ips);
  }

  /** Returns every address reserved under {@code name}; false if there were none. */
  public boolean unreserveAll(String name) {
    TreeSet<IpAddress> ips = ledger.reservations().get(name);
    if (ips == null) {
      return false;
    }
    ledger.unreserve(name, List.copyOf(ips));
    return true;
  }

  // ---- queries ----

  public Optional<Assignment> assignment(ServiceKey service) {
    return Optional.ofNullable(ledger.holding(service)).map(this::assignmentOf);
  }

  /** Every Service's addresses, by Service. */
  public SortedMap<ServiceKey, Assignment> assignments() {
    SortedMap<ServiceKey, Assignment> out = new TreeMap<>();
    ledger.holdings().forEach((k, h) -> out.put(k, assignmentOf(h)));
    return out;
  }

  private Assignment assignmentOf(Holding h) {
    return new Assignment(h.service(), Optional.ofNullable(ledger.table().poolOfAll(h.ips())).map(PoolState::name),
        h.ips());
  }

  /** The Services on {@code ip} (more than one when shared), sorted. */
  public List<ServiceKey> holders(IpAddress ip) {
    return ledger.users(ip).stream().map(Holding::service).sorted().toList();
  }

  /** Services that keep addresses the current config would not give them, with the reason. */
  public SortedMap<ServiceKey, String> orphans() {
    SortedMap<ServiceKey, String> out = new TreeMap<>();
    ledger.holdings().forEach((k, h) -> Verdict.orphanReason(h, ledger.table()).ifPresent(why -> out.put(k, why)));
    return out;
  }

  /** Reservation name → its addresses. */
  public SortedMap<String, List<IpAddress>> reservations() {
    SortedMap<String, List<IpAddress>> out = new TreeMap<>();
    ledger.reservations().forEach((n, s) -> out.put(n, List.copyOf(s)));
    return out;
  }

  /** Pool names in the order the allocator tries them. */
  public List<String> poolOrder() {
    return ledger.table().ordered().stream().map(PoolState::name).toList();
  }

  /** Counters of every pool, in pool order. */
  public Map<String, PoolStats> stats() {
    Map<PoolState, Map<IpFamily, Long>> reserved = new HashMap<>();
    for (TreeSet<IpAddress> ips : ledger.reservations().values()) {
      for (IpAddress ip : ips) {
        PoolState p = ledger.users(ip).isEmpty() ? ledger.table().poolOf(ip) : null;
        if (p != null) {
          reserved.computeIfAbsent(p, k -> new EnumMap<>(IpFamily.class)).merge(ip.family(), 1L, Long::sum);
        }
      }
    }
    Map<String, PoolStats> out = new LinkedHashMap<>();
    for (PoolState p : ledger.table().ordered()) {
      Map<IpFamily, PoolStats.Family> families = new EnumMap<>(IpFamily.class);
      for (IpFamily f : IpFamily.values()) {
        long res = reserved.getOrDefault(p, Map.of()).getOrDefault(f, 0L);
        families.put(f, PoolStats.Family.of(p.total(f), p.inUse(f), res));
      }
      out.put(p.name(), new PoolStats(p.name(), families));
    }
    return out;
  }

  /** Free addresses per pool counted from the free sets themselves (O(intervals)); tests compare it with {@link #stats()}. */
  Map<String, BigInteger> freeCountedFromSets() {
    Map<String, BigInteger> out = new LinkedHashMap<>();
    ledger.table().ordered().forEach(p -> out.put(p.name(), p.freeCountedFromSets()));
    return out;
  }
}
