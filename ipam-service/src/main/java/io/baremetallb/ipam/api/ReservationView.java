package io.baremetallb.ipam.api;

import io.baremetallb.ipam.k8s.IpReservation;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One IPReservation as the API shows it: its spec and what the IPAM service made of it.
 *
 * @param addresses the addresses held (empty unless {@code phase} is Bound)
 * @param requested the addresses the reservation asked for by name, if it did
 * @param count how many addresses it asked for, if it asked for a number
 */
@Schema(name = "Reservation", description = "addresses held for use outside the cluster")
public record ReservationView(String name, String pool, String phase, List<String> addresses, List<String> requested,
    Integer count, String owner, String description, String expiresAt, String reason, String message) {

  static ReservationView of(IpReservation r) {
    IpReservation.Spec spec = r.getSpec() == null ? new IpReservation.Spec() : r.getSpec();
    IpReservation.Status st = r.getStatus();
    IpReservation.Condition ready = st == null ? null : st.ready();
    return new ReservationView(r.getMetadata().getName(), spec.pool,
        st == null || st.phase == null ? "Pending" : st.phase,
        st == null || st.addresses == null ? List.of() : List.copyOf(st.addresses), spec.addresses, spec.count,
        spec.owner, spec.description, spec.expiresAt, ready == null ? null : ready.reason,
        ready == null ? null : ready.message);
  }
}
