package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import java.util.List;

/** The outcome of {@link Allocator#reserve} or {@link Allocator#unreserve}; a refusal changes nothing. */
public sealed interface ReservationResult {
  record Done(String name, List<IpAddress> ips) implements ReservationResult {
    public Done {
      ips = List.copyOf(ips);
    }
  }

  record Refused(String message) implements ReservationResult {
  }
}
