package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.AllocationResult.InvalidRequest;
import io.baremetallb.ipam.core.AllocationResult.NotInAnyPool;
import io.baremetallb.ipam.core.AllocationResult.Rejected;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Optional;

/** The checks {@link Allocator#restore} applies to what one Service holds. */
final class RestoreCheck {
  private RestoreCheck() {
  }

  /** Entries that cannot be learned at all: a mismatched key, or more than one address per family. */
  static Optional<Rejected> structural(ServiceKey key, ServiceRequest r, List<IpAddress> ips) {
    if (!r.service().equals(key)) {
      return Optional.of(new InvalidRequest("the entry for " + key + " carries a request for " + r.service()));
    }
    if (ips.size() > 2 || ips.stream().map(IpAddress::family).distinct().count() != ips.size()) {
      return Optional.of(new InvalidRequest(key + " holds " + ips + ": at most one address per family"));
    }
    return Optional.empty();
  }

  /** What is wrong with addresses that are learned anyway (nobody is moved): reserved, or outside every pool. */
  static Optional<Rejected> keptButWrong(Ledger ledger, ServiceRequest r, List<IpAddress> ips) {
    for (IpAddress ip : ips) {
      Optional<Rejected> reserved = ledger.reservationRefusal(ip, r);
      if (reserved.isPresent()) {
        return reserved;
      }
    }
    if (ledger.table().poolOfAll(ips) == null) {
      return Optional.of(new NotInAnyPool(ips, ledger.table().whyNotInOnePool(ips)));
    }
    return Optional.empty();
  }
}
