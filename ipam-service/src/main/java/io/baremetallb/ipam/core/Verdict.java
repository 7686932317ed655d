package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.Ledger.Holding;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What happens to a Service that already holds addresses when it asks again. KEEP: they still
 * fit. ORPHAN: only the config changed under them (pool shrank, went away, or stopped admitting
 * the Service), so it keeps them: a config change never re-IPs anybody. MOVE: its own request
 * changed so that they no longer fit (other requested IPs, another pool named, other families,
 * labels, or a sharing conflict).
 */
record Verdict(Kind kind, PoolState pool, String reason) {
  enum Kind { KEEP, ORPHAN, MOVE }

  private static final Verdict MOVE = new Verdict(Kind.MOVE, null, "");

  static Verdict of(Holding h, ServiceRequest r, Ledger ledger) {
    List<IpAddress> ips = h.ips();
    if (!r.requestedIps().isEmpty() && !Set.copyOf(r.requestedIps()).equals(Set.copyOf(ips))) {
      return MOVE;
    }
    if (!familiesFit(ips, r) || ips.stream().anyMatch(ip -> ledger.refusal(ip, r).isPresent())) {
      return MOVE;
    }
    ServiceRequest before = h.request();
    boolean namedPoolChanged = r.pool().isPresent() && !r.pool().equals(before.pool());
    boolean labelsChanged = !r.namespaceLabels().equals(before.namespaceLabels())
        || !r.serviceLabels().equals(before.serviceLabels());
    PoolState p = ledger.table().poolOfAll(ips);
    if (p == null || (r.pool().isPresent() && !r.pool().get().equals(p.name()))) {
      return namedPoolChanged ? MOVE : new Verdict(Kind.ORPHAN, p, orphanReason(ips, r, p, ledger.table()).orElseThrow());
    }
    if (!p.admits(r)) {
      return labelsChanged ? MOVE : new Verdict(Kind.ORPHAN, p, orphanReason(ips, r, p, ledger.table()).orElseThrow());
    }
    return new Verdict(Kind.KEEP, p, "");
  }

  /** Why the current config would not give {@code h} its addresses, if it would not. */
  static Optional<String> orphanReason(Holding h, PoolTable t) {
    return orphanReason(h.ips(), h.request(), t.poolOfAll(h.ips()), t);
  }

  private static Optional<String> orphanReason(List<IpAddress> ips, ServiceRequest r, PoolState p, PoolTable t) {
    if (p == null) {
      return Optional.of("kept " + ips + " although they " + t.whyNotInOnePool(ips) + " since a config change");
    }
    if (r.pool().isPresent() && !r.pool().get().equals(p.name())) {
      return Optional.of("kept " + ips + " in pool \"" + p.name() + "\" although the address-pool annotation names \""
          + r.pool().get() + "\"");
    }
    if (!p.admits(r)) {
      return Optional.of("kept " + ips + " although pool \"" + p.name() + "\" no longer admits namespace "
          + r.namespace() + " with these labels");
    }
    return Optional.empty();
  }

  static boolean familiesFit(List<IpAddress> ips, ServiceRequest r) {
    Set<IpFamily> held = EnumSet.noneOf(IpFamily.class);
    ips.forEach(ip -> held.add(ip.family()));
    List<IpFamily> wanted = Placement.wanted(r);
    if (held.size() != ips.size()) {
      return false;
    }
    if (r.familyPolicy() == FamilyPolicy.PREFER_DUAL_STACK) {
      return wanted.containsAll(held);
    }
    return held.equals(EnumSet.copyOf(wanted));
  }
}
