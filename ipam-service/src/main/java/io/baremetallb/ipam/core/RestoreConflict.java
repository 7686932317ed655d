package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.AllocationResult.Rejected;
import io.baremetallb.model.ServiceKey;
import java.util.List;

/**
 * A problem {@link Allocator#restore} found with what a Service holds.
 *
 * @param kept true when the allocator still records the Service on {@code ips} (an address outside
 *     every pool, or a reserved one: nobody is moved); false when another Service already holds
 *     the address and the two may not share, so this one must be allocated again
 */
public record RestoreConflict(ServiceKey service, List<IpAddress> ips, Rejected reason, boolean kept) {
  public RestoreConflict {
    ips = List.copyOf(ips);
  }
}
