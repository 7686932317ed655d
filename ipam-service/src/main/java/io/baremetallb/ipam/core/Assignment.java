package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Optional;

/** What a Service holds: its addresses, and the pool they are in (empty for an orphan). */
public record Assignment(ServiceKey service, Optional<String> pool, List<IpAddress> ips) {
  public Assignment {
    ips = List.copyOf(ips);
  }
}
