package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import java.util.List;

/** What a Service already holds in the cluster (its status), with its current request, for {@link Allocator#restore}. */
public record ExistingAllocation(ServiceRequest request, List<IpAddress> ips) {
  public ExistingAllocation {
    ips = List.copyOf(ips);
  }
}
