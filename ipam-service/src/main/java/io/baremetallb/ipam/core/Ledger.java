package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.AllocationResult.Conflict;
import io.baremetallb.ipam.core.AllocationResult.Rejected;
import io.baremetallb.ipam.core.AllocationResult.Reserved;
import io.baremetallb.model.ServiceKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who holds which address, which addresses are reserved, and the one place that keeps the pools'
 * free sets true to both: an address is free in its pool exactly when no Service holds it and no
 * reservation names it. Every change to holdings or reservations goes through here.
 */
final class Ledger {
  /** A Service's addresses and the request it got them for. */
  record Holding(ServiceRequest request, List<IpAddress> ips) {
    Holding {
      ips = List.copyOf(ips);
    }

    ServiceKey service() {
      return request.service();
    }
  }

  private PoolTable table;
  private final Map<ServiceKey, Holding> held = new HashMap<>();
  private final Map<IpAddress, List<Holding>> users = new HashMap<>();
  /** Sharing key → the addresses some holder with that key is on; lets a sharer find a partner in O(log n). */
  private final Map<String, TreeSet<IpAddress>> sharedByKey = new HashMap<>();
  private final Map<IpAddress, String> reservedBy = new HashMap<>();
  private final TreeMap<String, TreeSet<IpAddress>> reservations = new TreeMap<>();

  Ledger(PoolTable table) {
    this.table = table;
  }

  PoolTable table() {
    return table;
  }

  /** Moves to new pools: their free sets lose every held and reserved address; nobody's addresses change. */
  void rebind(PoolTable next) {
    table = next;
    for (IpAddress ip : users.keySet()) {
      PoolState p = table.poolOf(ip);
      if (p != null) {
        p.take(ip);
        p.countUse(ip.family(), 1);
      }
    }
    for (IpAddress ip : reservedBy.keySet()) {
      PoolState p = users.containsKey(ip) ? null : table.poolOf(ip);
      if (p != null) {
        p.take(ip);
      }
    }
  }

  Holding holding(ServiceKey s) {
    return held.get(s);
  }

  Map<ServiceKey, Holding> holdings() {
    return Collections.unmodifiableMap(held);
  }

  List<Holding> users(IpAddress ip) {
    return users.getOrDefault(ip, List.of());
  }

  void add(Holding h) {
    held.put(h.service(), h);
    SharingKey key = h.request().sharing();
    for (IpAddress ip : h.ips()) {
      List<Holding> us = users.get(ip);
      if (us == null) {
        users.put(ip, List.of(h));
        PoolState p = table.poolOf(ip);
        if (p != null) {
          p.take(ip);
          p.countUse(ip.family(), 1);
        }
      } else {
        List<Holding> more = new ArrayList<>(us);
        more.add(h);
        users.put(ip, List.copyOf(more));
      }
      if (key.shares()) {
        sharedByKey.computeIfAbsent(key.key(), k -> new TreeSet<>()).add(ip);
      }
    }
  }

  void remove(Holding h) {
    held.remove(h.service());
    for (IpAddress ip : h.ips()) {
      List<Holding> rest = without(users.get(ip), h);
      if (rest.isEmpty()) {
        users.remove(ip);
        PoolState p = table.poolOf(ip);
        if (p != null) {
          p.countUse(ip.family(), -1);
          if (!reservedBy.containsKey(ip)) {
            p.putBack(ip);
          }
        }
      } else {
        users.put(ip, rest);
      }
      String key = h.request().sharing().key();
      if (!key.isEmpty() && !sharesKey(rest, key)) {
        TreeSet<IpAddress> s = sharedByKey.get(key);
        s.remove(ip);
        if (s.isEmpty()) {
          sharedByKey.remove(key);
        }
      }
    }
  }

  private static boolean sharesKey(List<Holding> us, String key) {
    for (Holding u : us) {
      if (u.request().sharing().key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** {@code us} without {@code h}; a plain loop because release is on the hot path. */
  private static List<Holding> without(List<Holding> us, Holding h) {
    if (us.size() == 1) {
      return us.get(0) == h ? List.of() : us;
    }
    List<Holding> rest = new ArrayList<>(us.size());
    for (Holding u : us) {
      if (u != h) {
        rest.add(u);
      }
    }
    return List.copyOf(rest);
  }

  void removeAll() {
    new ArrayList<>(held.values()).forEach(this::remove);
  }

  /** Addresses on which some Service with sharing key {@code key} sits, in address order. */
  NavigableSet<IpAddress> sharedWith(String key) {
    NavigableSet<IpAddress> s = sharedByKey.get(key);
    return s == null ? Collections.emptyNavigableSet() : s;
  }

  /** Both checks below: a reservation first, then the sharing rules. */
  Optional<Rejected> refusal(IpAddress ip, ServiceRequest r) {
    Optional<Rejected> res = reservationRefusal(ip, r);
    return res.isPresent() ? res : sharingRefusal(ip, r);
  }

  /** A reserved address goes only to a Service that requests it and names its reservation. */
  Optional<Rejected> reservationRefusal(IpAddress ip, ServiceRequest r) {
    String reservation = reservedBy.get(ip);
    if (reservation != null
        && !(r.requestedIps().contains(ip) && r.reservation().filter(reservation::equals).isPresent())) {
      return Optional.of(new Reserved(ip, reservation));
    }
    return Optional.empty();
  }

  /**
   * Why {@code r} may not sit on {@code ip} next to the Services already there, if it may not
   * (MetalLB's rules: same non-empty key, same backend key when Local, no port of the same protocol
   * twice). The requesting Service itself never counts, so a sole owner may change its key and
   * ports in place.
   */
  Optional<Rejected> sharingRefusal(IpAddress ip, ServiceRequest r) {
    for (Holding h : users(ip)) {
      if (h.service().equals(r.service())) {
        continue;
      }
      Optional<SharingRule> rule = r.sharing().refusedBy(h.request().sharing());
      if (rule.isPresent()) {
        return Optional.of(new Conflict(ip, h.service(), rule.get(), Optional.empty()));
      }
      for (Port port : r.ports()) {
        if (h.request().ports().contains(port)) {
          return Optional.of(new Conflict(ip, h.service(), SharingRule.PORT_COLLISION, Optional.of(port)));
        }
      }
    }
    return Optional.empty();
  }

  Optional<String> reservationOf(IpAddress ip) {
    return Optional.ofNullable(reservedBy.get(ip));
  }

  Map<String, TreeSet<IpAddress>> reservations() {
    return Collections.unmodifiableMap(reservations);
  }

  /** Reserves all of {@code ips} under {@code name}, or none: returns why not. */
  Optional<ReservationResult.Refused> reserve(String name, List<IpAddress> ips) {
    for (IpAddress ip : ips) {
      String other = reservedBy.get(ip);
      if (other != null && !other.equals(name)) {
        return Optional.of(new ReservationResult.Refused(ReservationResult.Reason.ADDRESS_RESERVED,
            ip + " is already reserved as \"" + other + "\""));
      }
      if (other == null && users.containsKey(ip)) {
        return Optional.of(new ReservationResult.Refused(ReservationResult.Reason.ADDRESS_IN_USE,
            ip + " is in use by " + users.get(ip).get(0).service() + "; release it first"));
      }
    }
    for (IpAddress ip : ips) {
      if (reservedBy.put(ip, name) == null) {
        PoolState p = table.poolOf(ip);
        if (p != null) {
          p.take(ip);
        }
      }
      reservations.computeIfAbsent(name, n -> new TreeSet<>()).add(ip);
    }
    return Optional.empty();
  }

  /** Gives back {@code ips} of reservation {@code name}; a Service that uses one keeps it. */
  Optional<ReservationResult.Refused> unreserve(String name, List<IpAddress> ips) {
    for (IpAddress ip : ips) {
      String other = reservedBy.get(ip);
      if (other != null && !other.equals(name)) {
        return Optional.of(new ReservationResult.Refused(ReservationResult.Reason.ADDRESS_RESERVED,
            ip + " belongs to reservation \"" + other + "\", not \"" + name + "\""));
      }
    }
    for (IpAddress ip : ips) {
      if (reservedBy.remove(ip, name)) {
        TreeSet<IpAddress> s = reservations.get(name);
        s.remove(ip);
        if (s.isEmpty()) {
          reservations.remove(name);
        }
        PoolState p = users.containsKey(ip) ? null : table.poolOf(ip);
        if (p != null) {
          p.putBack(ip);
        }
      }
    }
    return Optional.empty();
  }
}
