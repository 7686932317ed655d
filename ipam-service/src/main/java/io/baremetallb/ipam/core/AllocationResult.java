package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Allocator#allocate} decided. {@link Allocated} and {@link Orphaned} mean the Service
 * has addresses; every {@link Rejected} says in {@link Rejected#message()} what is wrong and what
 * the user can change, and leaves the allocator exactly as it was.
 */
public sealed interface AllocationResult {

  /** The Service holds {@code ips} (one, or one per family) from {@code pool}. */
  record Allocated(String pool, List<IpAddress> ips) implements AllocationResult {
    public Allocated {
      ips = List.copyOf(ips);
    }
  }

  /**
   * The Service keeps {@code ips} although the current configuration would not give them to it
   * (their pool shrank or went away, or no longer admits the Service): a config change never
   * re-IPs anybody. {@link Allocator#orphans()} lists these Services.
   */
  record Orphaned(List<IpAddress> ips, String reason) implements AllocationResult {
    public Orphaned {
      ips = List.copyOf(ips);
    }
  }

  /** A refusal; the allocator's state did not change. */
  sealed interface Rejected extends AllocationResult {
    /** A sentence for the Service's event: what is wrong and what to change. */
    String message();
  }

  /** No address left; {@code pool} is the pool that was searched, empty when several were. */
  record NoFreeAddress(Optional<String> pool, String message) implements Rejected {
  }

  /** The requested IP is held by {@code holder}, and {@code rule} forbids sharing it. */
  record Conflict(IpAddress ip, ServiceKey holder, SharingRule rule, Optional<Port> port) implements Rejected {
    @Override
    public String message() {
      return ip + " is in use by " + holder + " and cannot be shared: " + rule.description()
          + port.map(p -> " (" + p + ")").orElse("");
    }
  }

  /** The requested IPs are not (together) in any pool. */
  record NotInAnyPool(List<IpAddress> ips, String why) implements Rejected {
    @Override
    public String message() {
      return "requested " + (ips.size() == 1 ? "IP " + ips.get(0) : "IPs " + ips) + " " + why
          + "; request an address from a configured pool";
    }
  }

  /** The {@code address-pool} annotation names a pool that does not exist. */
  record PoolNotFound(String pool) implements Rejected {
    @Override
    public String message() {
      return "address pool \"" + pool + "\" does not exist; fix the address-pool annotation or add the pool";
    }
  }

  /** The pool's {@code serviceAllocation} (namespaces or selectors) does not admit this Service. */
  record PoolNotAllowed(String pool, String namespace) implements Rejected {
    @Override
    public String message() {
      return "pool \"" + pool + "\" does not admit Services of namespace " + namespace
          + " with these labels (see its serviceAllocation)";
    }
  }

  /** The requested IPs lie in {@code actualPool} but the annotation names {@code namedPool}. */
  record WrongPool(List<IpAddress> ips, String actualPool, String namedPool) implements Rejected {
    @Override
    public String message() {
      return "requested " + ips + " belong to pool \"" + actualPool + "\", not to pool \"" + namedPool
          + "\" named by the address-pool annotation";
    }
  }

  /** No usable pool has addresses of the family (or both families) the Service needs. */
  record FamilyNotAvailable(String message) implements Rejected {
  }

  /** The IP is reserved for use outside the cluster under {@code reservation}. */
  record Reserved(IpAddress ip, String reservation) implements Rejected {
    @Override
    public String message() {
      return ip + " is reserved (\"" + reservation + "\"); a Service may take it only by requesting it "
          + "and naming that reservation";
    }
  }

  /** The request contradicts itself (e.g. two requested IPs of one family). */
  record InvalidRequest(String message) implements Rejected {
  }
}
