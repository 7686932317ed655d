package io.baremetallb.ipam.k8s.leader;

import java.util.Optional;

/** Reads and writes the one Lease the replicas compete for. Writes are optimistic (resourceVersion). */
public interface LeaseStore {
  Optional<LeaseRecord> get() throws LeaseStoreException;

  /** Creates the lease; {@link LeaseStoreException#conflict()} when someone else created it first. */
  LeaseRecord create(LeaseRecord record) throws LeaseStoreException;

  /** Replaces the lease if its resourceVersion still matches; otherwise a conflict. */
  LeaseRecord update(LeaseRecord record) throws LeaseStoreException;

  /** A failed read or write; {@code conflict} when another writer won the race. */
  final class LeaseStoreException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean conflict;

    public LeaseStoreException(String message, boolean conflict, Throwable cause) {
      super(message, cause);
      this.conflict = conflict;
    }

    public boolean conflict() {
      return conflict;
    }
  }
}
