package io.baremetallb.ipam.dns;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFormatException;
import io.kubernetes.client.informer.cache.Caches;
import io.kubernetes.client.informer.cache.Indexer;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link ServiceDirectory} over the Service informer's cache: one lister lookup per query, so a
 * Service the informer has just added, changed or deleted answers differently on the very next
 * query, with no copy to refresh. This is the only class of the package that knows client-java.
 */
public final class InformerServiceDirectory implements ServiceDirectory {
  private static final Logger LOG = Logger.getLogger(InformerServiceDirectory.class.getName());

  private final Indexer<V1Service> services;
  private final Lister<V1Service> lister;

  /** @param services the Service informer's indexer (it carries client-java's namespace index) */
  public InformerServiceDirectory(Indexer<V1Service> services) {
    this.services = services;
    this.lister = new Lister<>(services);
  }

  @Override
  public Optional<ServiceRecord> find(String namespace, String name) {
    return Optional.ofNullable(lister.namespace(namespace).get(name)).map(s -> toRecord(namespace,
        name, s));
  }

  @Override
  public boolean hasServicesIn(String namespace) {
    return !services.indexKeys(Caches.NAMESPACE_INDEX, namespace).isEmpty();
  }

  /** What DNS needs of a V1Service; ingress entries without a valid {@code ip} are skipped. */
  static ServiceRecord toRecord(String namespace, String name, V1Service service) {
    V1ServiceSpec spec = service.getSpec();
    ServiceType type = ServiceType.fromSpec(spec == null ? null : spec.getType());
    String externalName = spec == null ? null : spec.getExternalName();
    return new ServiceRecord(namespace, name, type, externalName,
        ingressIps(namespace, name, service));
  }

  private static List<InetAddress> ingressIps(String namespace, String name, V1Service service) {
    V1ServiceStatus status = service.getStatus();
    if (status == null || status.getLoadBalancer() == null
        || status.getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    List<InetAddress> ips = new ArrayList<>();
    for (V1LoadBalancerIngress ingress : status.getLoadBalancer().getIngress()) {
      if (ingress.getIp() == null) {
        continue; // hostname-only ingress (cloud style): nothing for A/AAAA
      }
      try {
        // IpAddress parses strictly and never asks DNS, unlike InetAddress.getByName.
        ips.add(IpAddress.parse(ingress.getIp()).toInetAddress());
      } catch (IpFormatException e) {
        LOG.log(Level.FINE, "event=dnsBadIngressIp service={0}/{1} ip={2}",
            new Object[] {namespace, name, ingress.getIp()});
      }
    }
    return ips;
  }
}
