package io.baremetallb.ipam.dns;

import org.xbill.DNS.Name;

/**
 * One zone we are authoritative for.
 *
 * @param apex the zone's origin, e.g. {@code cluster.local.}
 * @param kind how names below the apex map to Services
 */
public record Zone(Name apex, Kind kind) {

  /** How a zone lays out Service names. */
  public enum Kind {
    /** {@code <svc>.<ns>.svc.<zone>}, every Service type, as the cluster's own DNS names them. */
    CLUSTER,
    /** {@code <svc>.<ns>.<zone>}, LoadBalancer Services only: names for clients outside. */
    EXTERNAL
  }
}
