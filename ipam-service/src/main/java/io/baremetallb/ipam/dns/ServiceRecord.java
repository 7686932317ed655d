package io.baremetallb.ipam.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What DNS needs of one Service.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param externalName {@code spec.externalName}; empty when the Service has none
 * @param ingressIps the IPs of {@code status.loadBalancer.ingress}, in status order
 */
public record ServiceRecord(String namespace, String name, ServiceType type, String externalName,
    List<InetAddress> ingressIps) {

  public ServiceRecord {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    externalName = externalName == null ? "" : externalName;
    ingressIps = List.copyOf(ingressIps);
  }

  /** A LoadBalancer Service whose status carries these ingress IPs (none yet is allowed). */
  public static ServiceRecord loadBalancer(String namespace, String name, List<InetAddress> ips) {
    return new ServiceRecord(namespace, name, ServiceType.LOAD_BALANCER, "", ips);
  }

  /** An ExternalName Service pointing at {@code externalName}. */
  public static ServiceRecord externalName(String namespace, String name, String externalName) {
    return new ServiceRecord(namespace, name, ServiceType.EXTERNAL_NAME, externalName, List.of());
  }

  /** A Service without DNS data of ours (ClusterIP, NodePort). */
  public static ServiceRecord of(String namespace, String name, ServiceType type) {
    return new ServiceRecord(namespace, name, type, "", List.of());
  }
}
