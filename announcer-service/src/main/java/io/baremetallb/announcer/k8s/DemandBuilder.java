package io.baremetallb.announcer.k8s;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.Config;
import io.baremetallb.config.L2Advertisement;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFormatException;
import io.baremetallb.model.AddressPool;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns cluster state (Services with ingress IPs, Nodes, EndpointSlices) and the configuration into
 * what the layer-2 planner needs. Pure: no I/O, the same objects always give the same result.
 *
 * <p>An ingress IP is demanded in layer 2 when a Service of ours (type LoadBalancer, our class)
 * holds it and it lies in a pool that an L2Advertisement announces. A pool that only BGP
 * advertises gives no layer-2 demand; a pool that nothing advertises gives a demand without
 * advertised nodes, so the planner reports why nobody answers. Services sharing an IP give one
 * demand; for {@code externalTrafficPolicy: Local} its nodes are those with a ready endpoint of
 * every Local Service sharing it.
 */
public final class DemandBuilder {
  public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final String loadBalancerClass;
  private final boolean claimClassless;
  private final boolean ignoreExcludeLabel;

  /**
   * @param loadBalancerClass the {@code spec.loadBalancerClass} we serve
   * @param claimClassless whether Services without a class are ours (MetalLB's behaviour: yes)
   * @param ignoreExcludeLabel treat nodes labelled {@value #EXCLUDE_LABEL} like any other
   */
  public DemandBuilder(String loadBalancerClass, boolean claimClassless, boolean ignoreExcludeLabel) {
    this.loadBalancerClass = loadBalancerClass;
    this.claimClassless = claimClassless;
    this.ignoreExcludeLabel = ignoreExcludeLabel;
  }

  /**
   * The demands and the nodes, plus for each demanded IP the advertisements that announce it (for
   * the interfaces) and the node labels they are matched against.
   */
  public record Result(List<IpDemand> demands, Map<String, NodeView> nodes,
      Map<IpAddress, List<L2Advertisement>> advertisements) {
    public Result {
      demands = List.copyOf(demands);
      nodes = Map.copyOf(nodes);
      advertisements = Map.copyOf(advertisements);
    }

    /**
     * The interfaces a node may announce an IP on: the union of those named by the advertisements
     * that announce the IP and select the node; empty Optional means every eligible interface.
     */
    public Optional<Set<String>> interfacesOn(IpAddress ip, String node) {
      NodeView view = nodes.get(node);
      Map<String, String> labels = view == null ? Map.of() : view.labels();
      Set<String> out = new TreeSet<>();
      for (L2Advertisement a : advertisements.getOrDefault(ip, List.of())) {
        if (a.selectsNode(labels)) {
          if (a.interfaces().isEmpty()) {
            return Optional.empty();
          }
          out.addAll(a.interfaces());
        }
      }
      return Optional.of(out);
    }
  }

  public Result build(Collection<V1Service> services, Config config, Collection<V1Node> nodes,
      Collection<V1EndpointSlice> slices) {
    Map<String, NodeView> views = new TreeMap<>();
    nodes.forEach(n -> views.put(n.getMetadata().getName(), view(n, ignoreExcludeLabel)));
    Map<IpAddress, List<V1Service>> byIp = new TreeMap<>();
    for (V1Service s : services) {
      if (ours(s)) {
        ingressIps(s).forEach(ip -> byIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(s));
      }
    }
    List<IpDemand> demands = new ArrayList<>();
    Map<IpAddress, List<L2Advertisement>> ads = new TreeMap<>();
    byIp.forEach((ip, svcs) -> poolOf(config, ip).ifPresent(pool -> {
      List<L2Advertisement> l2 = config.l2AdvertisementsFor(pool.name());
      if (l2.isEmpty() && !config.bgpAdvertisementsFor(pool.name()).isEmpty()) {
        return; // announced by BGP only
      }
      Optional<Set<String>> advertised = l2.isEmpty() ? Optional.empty() : Optional.of(selected(l2, views));
      demands.add(new IpDemand(ip, pool.name(), advertised, localEndpointNodes(svcs, slices)));
      ads.put(ip, l2);
    }));
    return new Result(demands, views, ads);
  }

  /** The InternalIP addresses of the Nodes: where the other announcers listen. */
  public static List<IpAddress> internalIps(Collection<V1Node> nodes) {
    List<IpAddress> out = new ArrayList<>();
    for (V1Node n : nodes) {
      List<V1NodeAddress> addrs = n.getStatus() == null || n.getStatus().getAddresses() == null
          ? List.of() : n.getStatus().getAddresses();
      for (V1NodeAddress a : addrs) {
        if ("InternalIP".equals(a.getType()) && IpAddress.isValid(a.getAddress())) {
          out.add(IpAddress.parse(a.getAddress()));
        }
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  boolean ours(V1Service s) {
    V1ServiceSpec spec = s.getSpec();
    if (spec == null || !"LoadBalancer".equals(spec.getType())) {
      return false;
    }
    String cls = spec.getLoadBalancerClass();
    return cls == null ? claimClassless : cls.equals(loadBalancerClass);
  }

  static List<IpAddress> ingressIps(V1Service s) {
    if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null
        || s.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    List<IpAddress> out = new ArrayList<>();
    for (V1LoadBalancerIngress in : s.getStatus().getLoadBalancer().getIngress()) {
      try {
        if (in.getIp() != null) {
          out.add(IpAddress.parse(in.getIp()));
        }
      } catch (IpFormatException e) {
        // not an address we could have written; ignore it rather than fail the whole cluster's plan
      }
    }
    return out;
  }

  private static Optional<AddressPool> poolOf(Config config, IpAddress ip) {
    return config.pools().stream().filter(p -> p.ranges().stream().anyMatch(r -> r.contains(ip))).findFirst();
  }

  private static Set<String> selected(List<L2Advertisement> l2, Map<String, NodeView> views) {
    Set<String> out = new TreeSet<>();
    views.values().forEach(v -> {
      if (l2.stream().anyMatch(a -> a.selectsNode(v.labels()))) {
        out.add(v.name());
      }
    });
    return out;
  }

  /** Empty unless a sharing Service is Local; then the nodes with a ready endpoint of every Local one. */
  private static Optional<Set<String>> localEndpointNodes(List<V1Service> svcs, Collection<V1EndpointSlice> slices) {
    Set<String> result = null;
    for (V1Service s : svcs) {
      if (!"Local".equals(s.getSpec().getExternalTrafficPolicy())) {
        continue;
      }
      Set<String> nodes = readyNodes(s.getMetadata().getNamespace(), s.getMetadata().getName(), slices);
      if (result == null) {
        result = new HashSet<>(nodes);
      } else {
        result.retainAll(nodes);
      }
    }
    return Optional.ofNullable(result);
  }

  static Set<String> readyNodes(String namespace, String service, Collection<V1EndpointSlice> slices) {
    Set<String> out = new TreeSet<>();
    for (V1EndpointSlice sl : slices) {
      Map<String, String> labels = sl.getMetadata().getLabels();
      if (!namespace.equals(sl.getMetadata().getNamespace()) || labels == null
          || !service.equals(labels.get(SERVICE_NAME_LABEL)) || sl.getEndpoints() == null) {
        continue;
      }
      // conditions.ready unset means unknown, which the API says to treat as ready
      sl.getEndpoints().stream()
          .filter(e -> e.getNodeName() != null)
          .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
          .forEach(e -> out.add(e.getNodeName()));
    }
    return out;
  }

  /** Link state is not in the API; the node's own announcer reports it, so here every link is up. */
  static NodeView view(V1Node n, boolean ignoreExcludeLabel) {
    Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    List<V1NodeCondition> conds = n.getStatus() == null || n.getStatus().getConditions() == null
        ? List.of() : n.getStatus().getConditions();
    boolean unavailable = conds.stream()
        .anyMatch(c -> "NetworkUnavailable".equals(c.getType()) && "True".equals(c.getStatus()));
    return new NodeView(n.getMetadata().getName(), labels, !ignoreExcludeLabel && labels.containsKey(EXCLUDE_LABEL),
        unavailable, true);
  }
}
