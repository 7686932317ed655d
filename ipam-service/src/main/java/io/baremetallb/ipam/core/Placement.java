package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import java.util.List;

/**
 * Finds addresses for a request in an ordered list of pools, without changing anything. Per pool
 * and family the answer is the lowest address that is free, or that the request may share with
 * the Services already on it (only looked for when the request has a sharing key, through the
 * ledger's per-key index): O(log n) either way, no scan.
 */
final class Placement {
  /** Addresses found in {@code pool}, primary family first. */
  record Pick(PoolState pool, List<IpAddress> ips) {
  }

  private final Ledger ledger;

  Placement(Ledger ledger) {
    this.ledger = ledger;
  }

  /** The families the request needs: its first one for SingleStack, else all (one or two). */
  static List<IpFamily> wanted(ServiceRequest r) {
    return r.familyPolicy() == FamilyPolicy.SINGLE_STACK ? r.families().subList(0, 1) : r.families();
  }

  /**
   * MetalLB's choice: single family, the first pool with an address of it. Dual-stack, the first
   * pool with one of each; failing that, for PreferDualStack only, the first pool with the
   * primary family, else the first with the secondary one. Null when nothing fits.
   */
  Pick select(List<PoolState> pools, ServiceRequest r) {
    List<IpFamily> fams = wanted(r);
    Pick primaryOnly = null;
    Pick secondaryOnly = null;
    for (PoolState p : pools) {
      IpAddress a = candidate(p, fams.get(0), r);
      if (fams.size() == 1) {
        if (a != null) {
          return new Pick(p, List.of(a));
        }
        continue;
      }
      IpAddress b = candidate(p, fams.get(1), r);
      if (a != null && b != null) {
        return new Pick(p, List.of(a, b));
      }
      if (r.familyPolicy() == FamilyPolicy.PREFER_DUAL_STACK) {
        primaryOnly = primaryOnly == null && a != null ? new Pick(p, List.of(a)) : primaryOnly;
        secondaryOnly = secondaryOnly == null && b != null ? new Pick(p, List.of(b)) : secondaryOnly;
      }
    }
    return primaryOnly != null ? primaryOnly : secondaryOnly;
  }

  /** The lowest address of family {@code f} in {@code p} that {@code r} may take, or null. */
  IpAddress candidate(PoolState p, IpFamily f, ServiceRequest r) {
    IpAddress free = p.lowestFree(f).orElse(null);
    SharingKey key = r.sharing();
    if (!key.shares()) {
      return free;
    }
    IpAddress from = f == IpFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
    for (IpAddress ip : ledger.sharedWith(key.key()).tailSet(from, true)) {
      if (ip.family() != f || (free != null && ip.compareTo(free) > 0)) {
        break;
      }
      if (p.contains(ip) && ledger.refusal(ip, r).isEmpty()) {
        return ip;
      }
    }
    return free;
  }
}
