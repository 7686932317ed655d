package io.baremetallb.ipam.k8s;

import java.time.Duration;

/**
 * How the IPAM service runs, from MicroProfile Config (see docs/configuration.md for the keys).
 *
 * @param namespace where the config ConfigMap, the metallb.io resources and the Lease live
 * @param configMapName the legacy ConfigMap's name ({@code config} in MetalLB's manifests)
 * @param configKey the ConfigMap key holding the configuration ({@code config})
 * @param loadBalancerClass the {@code spec.loadBalancerClass} we serve
 * @param claimClassless whether Services without a class are ours (MetalLB: yes)
 * @param leaderElection whether replicas elect a leader; off means this replica always allocates
 * @param leaseName the Lease replicas compete for
 * @param identity this replica's name in the Lease (the pod name)
 * @param leaseDuration how long a standby waits for a silent leader
 * @param renewDeadline how long a leader keeps leading without renewing
 * @param retryPeriod how often replicas try to acquire or renew
 * @param workers reconcile threads for Services
 */
public record IpamSettings(
    String namespace, String configMapName, String configKey, String loadBalancerClass, boolean claimClassless,
    boolean leaderElection, String leaseName, String identity, Duration leaseDuration, Duration renewDeadline,
    Duration retryPeriod, int workers) {

  public static IpamSettings defaults(String identity) {
    return new IpamSettings("metallb-system", "config", "config", "baremetallb.io/lb", true, true,
        "baremetallb-ipam", identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 2);
  }

  public IpamSettings withLeaderElection(boolean on, Duration lease, Duration renew, Duration retry) {
    return new IpamSettings(namespace, configMapName, configKey, loadBalancerClass, claimClassless, on, leaseName,
        identity, lease, renew, retry, workers);
  }

  public IpamSettings withNamespace(String ns) {
    return new IpamSettings(ns, configMapName, configKey, loadBalancerClass, claimClassless, leaderElection, leaseName,
        identity, leaseDuration, renewDeadline, retryPeriod, workers);
  }
}
