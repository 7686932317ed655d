package io.baremetallb.announcer.core;

import io.baremetallb.ip.IpAddress;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which node answers for each IP, and for each IP nobody answers for, why — in words a user can
 * act on (they go into the Service's events and status).
 */
public record L2Plan(SortedMap<IpAddress, String> owners, SortedMap<IpAddress, String> unannounced) {
  public L2Plan {
    owners = new TreeMap<>(owners);
    unannounced = new TreeMap<>(unannounced);
  }

  public static L2Plan empty() {
    return new L2Plan(new TreeMap<>(), new TreeMap<>());
  }

  public Optional<String> owner(IpAddress ip) {
    return Optional.ofNullable(owners.get(ip));
  }

  /** The IPs {@code node} must answer for. */
  public java.util.SortedSet<IpAddress> ownedBy(String node) {
    java.util.TreeSet<IpAddress> out = new java.util.TreeSet<>();
    owners.forEach((ip, n) -> {
      if (n.equals(node)) {
        out.add(ip);
      }
    });
    return out;
  }

  public Map<IpAddress, String> ownersView() {
    return java.util.Collections.unmodifiableMap(owners);
  }
}
