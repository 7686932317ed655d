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

  /**
   * Why a reservation could not be made. The names are the reasons of the IPReservation's Ready
   * condition (CamelCase there), so the CR and the REST API say the same thing.
   */
  enum Reason {
    /** The pool named is not in the configuration in force. */
    POOL_NOT_FOUND("PoolNotFound"),
    /** An address is not one of the named pool's usable addresses. */
    ADDRESS_NOT_IN_POOL("AddressNotInPool"),
    /** An address is held by a Service. */
    ADDRESS_IN_USE("AddressInUse"),
    /** An address belongs to another reservation (the CR's condition says AddressInUse for both). */
    ADDRESS_RESERVED("AddressInUse"),
    /** The pool has fewer free addresses than asked for. */
    POOL_EXHAUSTED("PoolExhausted");

    private final String condition;

    Reason(String condition) {
      this.condition = condition;
    }

    /** The reason as the IPReservation's Ready condition writes it. */
    public String condition() {
      return condition;
    }
  }

  record Refused(Reason reason, String message) implements ReservationResult {
  }
}
