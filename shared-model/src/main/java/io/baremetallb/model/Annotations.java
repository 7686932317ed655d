package io.baremetallb.model;

import java.util.Map;
import java.util.Optional;

/**
 * The annotation and label names a cluster that runs MetalLB already uses, so that it can move to
 * us without editing a Service. Each Service annotation exists under MetalLB's old prefix
 * {@code metallb.universe.tf/} (the one the user's document uses) and its current one
 * {@code metallb.io/}; both are read, and when both are set the {@code metallb.io/} one wins.
 */
public final class Annotations {
  public static final String UNIVERSE_PREFIX = "metallb.universe.tf/";
  public static final String IO_PREFIX = "metallb.io/";

  /** Service: take the address from the named pool. */
  public static final String ADDRESS_POOL = UNIVERSE_PREFIX + "address-pool";
  public static final String ADDRESS_POOL_IO = IO_PREFIX + "address-pool";
  /** Service: may share its IP with other Services carrying the same key. */
  public static final String ALLOW_SHARED_IP = UNIVERSE_PREFIX + "allow-shared-ip";
  public static final String ALLOW_SHARED_IP_IO = IO_PREFIX + "allow-shared-ip";
  /** Service: the addresses it asks for, comma-separated (one per family for dual-stack). */
  public static final String LOAD_BALANCER_IPS = UNIVERSE_PREFIX + "loadBalancerIPs";
  public static final String LOAD_BALANCER_IPS_IO = IO_PREFIX + "loadBalancerIPs";
  /** Service, written by the IPAM service: the pool its address came from. */
  public static final String IP_ALLOCATED_FROM_POOL = UNIVERSE_PREFIX + "ip-allocated-from-pool";
  public static final String IP_ALLOCATED_FROM_POOL_IO = IO_PREFIX + "ip-allocated-from-pool";

  /** Service (ours): take the address held by the named IPReservation. */
  public static final String RESERVATION = "baremetallb.io/reservation";

  /** Node label: a node carrying it never announces load balancer addresses (Kubernetes' well-known label). */
  public static final String EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS =
      "node.kubernetes.io/exclude-from-external-load-balancers";

  private Annotations() {}

  /** The pool a Service names, if any. */
  public static Optional<String> addressPool(Map<String, String> annotations) {
    return either(annotations, ADDRESS_POOL_IO, ADDRESS_POOL);
  }

  /** The sharing key of a Service, if any. */
  public static Optional<String> sharingKey(Map<String, String> annotations) {
    return either(annotations, ALLOW_SHARED_IP_IO, ALLOW_SHARED_IP);
  }

  /** The addresses a Service asks for, as written (comma-separated), if any. */
  public static Optional<String> loadBalancerIps(Map<String, String> annotations) {
    return either(annotations, LOAD_BALANCER_IPS_IO, LOAD_BALANCER_IPS);
  }

  /** Whether a node's labels exclude it from announcing (the label's value does not matter). */
  public static boolean excludedFromLoadBalancers(Map<String, String> nodeLabels) {
    return nodeLabels.containsKey(EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS);
  }

  /** The value under {@code preferred}, else under {@code fallback}; blank values count as absent. */
  private static Optional<String> either(Map<String, String> annotations, String preferred, String fallback) {
    String v = annotations.get(preferred);
    if (v == null || v.isBlank()) {
      v = annotations.get(fallback);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
