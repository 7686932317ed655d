package io.baremetallb.ipam.core;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.model.ServiceKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a LoadBalancer Service asks of the allocator, with no Kubernetes types in it (the k8s
 * package's mapper is the one place that reads a V1Service).
 *
 * @param service namespace/name
 * @param namespaceLabels labels of the Service's namespace (for namespace selectors)
 * @param serviceLabels labels of the Service (for service selectors)
 * @param requestedIps from the {@code loadBalancerIPs} annotation or {@code spec.loadBalancerIP}; empty: any
 * @param pool pool named by the {@code address-pool} annotation
 * @param sharingKey the {@code allow-shared-ip} annotation (an empty value means no sharing)
 * @param ports ports with protocols, which must not collide with another Service on a shared IP
 * @param backendKey the pod selector as text; compared only when {@code local}
 * @param local {@code externalTrafficPolicy: Local}
 * @param families {@code spec.ipFamilies}, primary first (one or two distinct families)
 * @param familyPolicy {@code spec.ipFamilyPolicy}
 * @param reservation the name of a reservation whose addresses this Service may request
 */
public record ServiceRequest(
    ServiceKey service,
    Map<String, String> namespaceLabels,
    Map<String, String> serviceLabels,
    List<IpAddress> requestedIps,
    Optional<String> pool,
    Optional<String> sharingKey,
    Set<Port> ports,
    String backendKey,
    boolean local,
    List<IpFamily> families,
    FamilyPolicy familyPolicy,
    Optional<String> reservation) {

  public ServiceRequest {
    if (service == null) {
      throw new IllegalArgumentException("a request needs a Service key");
    }
    namespaceLabels = Map.copyOf(namespaceLabels);
    serviceLabels = Map.copyOf(serviceLabels);
    requestedIps = List.copyOf(requestedIps);
    pool = pool.filter(p -> !p.isEmpty());
    sharingKey = sharingKey.filter(k -> !k.isEmpty());
    ports = Set.copyOf(ports);
    backendKey = backendKey == null ? "" : backendKey;
    families = List.copyOf(families);
    if (families.isEmpty() || families.size() > 2 || EnumSet.copyOf(families).size() != families.size()) {
      throw new IllegalArgumentException(service + ": ipFamilies must be one or two distinct families, not " + families);
    }
    if (familyPolicy == null) {
      throw new IllegalArgumentException(service + ": ipFamilyPolicy is missing");
    }
    reservation = reservation.filter(r -> !r.isEmpty());
  }

  /** A single-stack request of {@code family} with nothing else set. */
  public static ServiceRequest of(ServiceKey service, IpFamily family) {
    return new ServiceRequest(service, Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty(),
        Set.of(), "", false, List.of(family), FamilyPolicy.SINGLE_STACK, Optional.empty());
  }

  /** A single-stack IPv4 request for {@code namespace/name}. */
  public static ServiceRequest of(String namespaceSlashName) {
    return of(ServiceKey.parse(namespaceSlashName), IpFamily.IPV4);
  }

  /** The key the sharing rules compare: the sharing key, and the backend only when Local. */
  public SharingKey sharing() {
    return new SharingKey(sharingKey.orElse(""), local ? backendKey : "");
  }

  /** The namespace, for {@code serviceAllocation.namespaces}. */
  public String namespace() {
    return service.namespace();
  }

  public ServiceRequest withRequestedIps(IpAddress... ips) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, List.of(ips), pool, sharingKey, ports,
        backendKey, local, families, familyPolicy, reservation);
  }

  public ServiceRequest withPool(String name) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, Optional.ofNullable(name),
        sharingKey, ports, backendKey, local, families, familyPolicy, reservation);
  }

  public ServiceRequest withSharing(String key, Port... p) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, pool, Optional.ofNullable(key),
        Set.of(p), backendKey, local, families, familyPolicy, reservation);
  }

  public ServiceRequest withPorts(Port... p) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, pool, sharingKey, Set.of(p),
        backendKey, local, families, familyPolicy, reservation);
  }

  /** {@code externalTrafficPolicy: Local} (when {@code isLocal}) with this pod selector. */
  public ServiceRequest withBackend(String selector, boolean isLocal) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, pool, sharingKey, ports,
        selector, isLocal, families, familyPolicy, reservation);
  }

  public ServiceRequest withFamilies(FamilyPolicy policy, IpFamily... f) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, pool, sharingKey, ports,
        backendKey, local, List.of(f), policy, reservation);
  }

  public ServiceRequest withLabels(Map<String, String> nsLabels, Map<String, String> svcLabels) {
    return new ServiceRequest(service, nsLabels, svcLabels, requestedIps, pool, sharingKey, ports, backendKey,
        local, families, familyPolicy, reservation);
  }

  public ServiceRequest withReservation(String name) {
    return new ServiceRequest(service, namespaceLabels, serviceLabels, requestedIps, pool, sharingKey, ports,
        backendKey, local, families, familyPolicy, Optional.ofNullable(name));
  }
}
