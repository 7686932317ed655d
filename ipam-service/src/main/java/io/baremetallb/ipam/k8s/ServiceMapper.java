package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ip.IpFormatException;
import io.baremetallb.ipam.core.FamilyPolicy;
import io.baremetallb.ipam.core.Port;
import io.baremetallb.ipam.core.ServiceRequest;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one place that reads a {@link V1Service} for the allocator: it decides whether the Service
 * is ours and turns it into a {@link ServiceRequest}, with MetalLB's annotations and rules.
 */
public final class ServiceMapper {
  /** MetalLB's two annotation prefixes; both are read, the newer one wins only if they agree. */
  static final List<String> PREFIXES = List.of("metallb.universe.tf/", "metallb.io/");
  public static final String ADDRESS_POOL = "address-pool";
  public static final String ALLOW_SHARED_IP = "allow-shared-ip";
  public static final String LOAD_BALANCER_IPS = "loadBalancerIPs";
  /** Ours: the reservation whose address the Service may take (it must also request that address). */
  public static final String RESERVATION_ANNOTATION = "baremetallb.io/reservation";

  private final String loadBalancerClass;
  private final boolean claimClassless;

  /**
   * @param loadBalancerClass the {@code spec.loadBalancerClass} we serve
   * @param claimClassless whether Services without a class are ours (MetalLB's behaviour: yes)
   */
  public ServiceMapper(String loadBalancerClass, boolean claimClassless) {
    this.loadBalancerClass = loadBalancerClass;
    this.claimClassless = claimClassless;
  }

  /** What a Service means for the allocator. */
  public sealed interface Mapping {
    /** A LoadBalancer Service of ours. */
    record Ours(ServiceRequest request) implements Mapping {
    }

    /** Not ours to allocate for (other type or class); whatever it held must be released. */
    record NotOurs(String why) implements Mapping {
    }

    /** Ours, but its annotations or spec are unusable; the message names the field. */
    record Invalid(String problem) implements Mapping {
    }
  }

  public Mapping map(V1Service svc, Map<String, String> namespaceLabels) {
    V1ServiceSpec spec = svc.getSpec() == null ? new V1ServiceSpec() : svc.getSpec();
    String type = spec.getType() == null ? "ClusterIP" : spec.getType();
    if (!"LoadBalancer".equals(type)) {
      return new Mapping.NotOurs("type is " + type);
    }
    String cls = spec.getLoadBalancerClass();
    if (cls == null ? !claimClassless : !cls.equals(loadBalancerClass)) {
      return new Mapping.NotOurs(cls == null ? "no loadBalancerClass, and class-less Services are not ours"
          : "loadBalancerClass is " + cls + ", ours is " + loadBalancerClass);
    }
    Map<String, String> ann = svc.getMetadata() == null || svc.getMetadata().getAnnotations() == null
        ? Map.of() : svc.getMetadata().getAnnotations();
    try {
      ServiceKey key = new ServiceKey(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
      List<IpAddress> requested = requestedIps(ann, spec);
      List<IpFamily> families = families(spec, requested);
      FamilyPolicy policy = FamilyPolicy.fromApiName(spec.getIpFamilyPolicy());
      boolean local = "Local".equals(spec.getExternalTrafficPolicy());
      Map<String, String> labels = svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels();
      return new Mapping.Ours(new ServiceRequest(key, namespaceLabels, labels, requested,
          annotation(ann, ADDRESS_POOL), annotation(ann, ALLOW_SHARED_IP), ports(spec), backendKey(spec), local,
          families, policy, Optional.ofNullable(ann.get(RESERVATION_ANNOTATION)).map(String::trim)));
    } catch (IllegalArgumentException e) {
      return new Mapping.Invalid(e.getMessage());
    }
  }

  /** The value of a MetalLB annotation under either prefix; both set to different values is an error. */
  static Optional<String> annotation(Map<String, String> ann, String suffix) {
    String legacy = ann.get(PREFIXES.get(0) + suffix);
    String current = ann.get(PREFIXES.get(1) + suffix);
    if (legacy != null && current != null && !legacy.trim().equals(current.trim())) {
      throw new IllegalArgumentException("annotations " + PREFIXES.get(0) + suffix + " \"" + legacy + "\" and "
          + PREFIXES.get(1) + suffix + " \"" + current + "\" disagree");
    }
    return Optional.ofNullable(current != null ? current : legacy).map(String::trim);
  }

  private static List<IpAddress> requestedIps(Map<String, String> ann, V1ServiceSpec spec) {
    Optional<String> list = annotation(ann, LOAD_BALANCER_IPS);
    String legacy = spec.getLoadBalancerIP();
    if (list.isPresent() && legacy != null && !legacy.isEmpty()) {
      throw new IllegalArgumentException("spec.loadBalancerIP and the " + LOAD_BALANCER_IPS
          + " annotation are both set; use only the annotation");
    }
    List<IpAddress> out = new ArrayList<>();
    if (list.isPresent()) {
      for (String s : list.get().split(",")) {
        out.add(parseIp(s.trim(), "annotation " + LOAD_BALANCER_IPS));
      }
    } else if (legacy != null && !legacy.isEmpty()) {
      out.add(parseIp(legacy.trim(), "spec.loadBalancerIP"));
    }
    if (out.size() > 2 || (out.size() == 2 && out.get(0).family() == out.get(1).family())) {
      throw new IllegalArgumentException("annotation " + LOAD_BALANCER_IPS + ": at most one IPv4 and one IPv6 address, got "
          + out.stream().map(IpAddress::toString).collect(Collectors.joining(",")));
    }
    return out;
  }

  private static IpAddress parseIp(String text, String where) {
    try {
      return IpAddress.parse(text);
    } catch (IpFormatException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** {@code spec.ipFamilies}; if the API server left it empty, the requested IPs' families, else IPv4. */
  private static List<IpFamily> families(V1ServiceSpec spec, List<IpAddress> requested) {
    List<String> fam = spec.getIpFamilies();
    if (fam != null && !fam.isEmpty()) {
      return fam.stream().map(IpFamily::fromLabel).toList();
    }
    Set<IpFamily> fromIps = new LinkedHashSet<>();
    requested.forEach(ip -> fromIps.add(ip.family()));
    return fromIps.isEmpty() ? List.of(IpFamily.IPV4) : List.copyOf(fromIps);
  }

  private static Set<Port> ports(V1ServiceSpec spec) {
    Set<Port> out = new LinkedHashSet<>();
    List<V1ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
    for (int i = 0; i < ports.size(); i++) {
      V1ServicePort p = ports.get(i);
      String proto = p.getProtocol() == null ? "TCP" : p.getProtocol().toUpperCase(Locale.ROOT);
      if (!Set.of("TCP", "UDP", "SCTP").contains(proto)) {
        throw new IllegalArgumentException("spec.ports[" + i + "].protocol \"" + p.getProtocol() + "\" is not TCP, UDP or SCTP");
      }
      out.add(new Port(Port.Protocol.valueOf(proto), p.getPort() == null ? 0 : p.getPort()));
    }
    return out;
  }

  /** The pod selector as sorted {@code k=v} pairs: equal selectors mean the same backends. */
  private static String backendKey(V1ServiceSpec spec) {
    Map<String, String> sel = spec.getSelector() == null ? Map.of() : new TreeMap<>(spec.getSelector());
    return sel.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
