package io.baremetallb.ipam.dns;

import java.util.Optional;

/**
 * A read-only view of the cluster's Services. The IPAM service implements it over its informer's
 * lister, so a query sees a change as soon as the informer has it: there is no copy to refresh.
 * Implementations must be safe to call from several threads at once. Namespace and name come in
 * lower case (DNS names are case-insensitive, Kubernetes names are lower case).
 */
public interface ServiceDirectory {

  /** The Service {@code namespace/name}, if it exists. */
  Optional<ServiceRecord> find(String namespace, String name);

  /**
   * Whether any Service exists in {@code namespace}. It decides whether {@code <ns>.svc.<zone>}
   * exists (NOERROR without data) or not (NXDOMAIN, which per RFC 8020 also denies every name below).
   */
  boolean hasServicesIn(String namespace);
}
