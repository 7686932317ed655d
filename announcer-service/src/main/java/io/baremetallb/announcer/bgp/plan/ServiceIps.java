package io.baremetallb.announcer.bgp.plan;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One Service of ours as the BGP planner sees it.
 *
 * @param service namespace/name
 * @param ips its ingress IPs ({@code status.loadBalancer.ingress})
 * @param localEndpointNodes for {@code externalTrafficPolicy: Local}: the nodes with a ready
 *     endpoint; empty Optional for {@code Cluster}
 */
public record ServiceIps(ServiceKey service, List<IpAddress> ips, Optional<Set<String>> localEndpointNodes) {
  public ServiceIps {
    ips = List.copyOf(ips);
    localEndpointNodes = localEndpointNodes.map(Set::copyOf);
  }

  public static ServiceIps cluster(ServiceKey service, IpAddress... ips) {
    return new ServiceIps(service, List.of(ips), Optional.empty());
  }

  public static ServiceIps local(ServiceKey service, Set<String> readyNodes, IpAddress... ips) {
    return new ServiceIps(service, List.of(ips), Optional.of(readyNodes));
  }
}
