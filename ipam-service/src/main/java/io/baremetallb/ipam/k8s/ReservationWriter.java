package io.baremetallb.ipam.k8s;

import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;

/** The reservation reconciler's only way to change the cluster. */
public interface ReservationWriter {
  /** Replaces the status of {@code observed} through the status subresource, at its resourceVersion. */
  void writeStatus(IpReservation observed, IpReservation.Status status) throws WriteException;

  /** Deletes {@code observed} (an expired reservation); already gone counts as done. */
  void delete(IpReservation observed) throws WriteException;
}
