package io.baremetallb.announcer.k8s;

import io.baremetallb.announcer.bgp.plan.ServiceIps;
import io.baremetallb.announcer.bgp.speaker.PeerSettings;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.BgpPeer;
import io.baremetallb.config.Config;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cluster objects → what the BGP planner and speaker take (pure), with the same rules as the
 * layer-2 side ({@link DemandBuilder}: which Services are ours, ingress IPs, ready endpoints, node
 * exclusion), so both modes read the cluster alike.
 */
public final class BgpInputs {
  /** The key of a password Secret ({@code kubernetes.io/basic-auth}, MetalLB's convention). */
  public static final String PASSWORD_KEY = "password";

  private BgpInputs() {
  }

  /** Our LoadBalancer Services with ingress IPs; Local ones with the nodes holding a ready endpoint. */
  public static List<ServiceIps> services(DemandBuilder ownership, Collection<V1Service> services,
      Collection<V1EndpointSlice> slices) {
    List<ServiceIps> out = new ArrayList<>();
    for (V1Service s : services) {
      if (!ownership.ours(s) || DemandBuilder.ingressIps(s).isEmpty()) {
        continue;
      }
      String ns = s.getMetadata().getNamespace();
      String name = s.getMetadata().getName();
      Optional<java.util.Set<String>> local = "Local".equals(s.getSpec().getExternalTrafficPolicy())
          ? Optional.of(DemandBuilder.readyNodes(ns, name, slices)) : Optional.empty();
      out.add(new ServiceIps(new ServiceKey(ns, name), DemandBuilder.ingressIps(s), local));
    }
    return out;
  }

  /** Every Node by name, with labels and exclusion as the layer-2 planner sees them. */
  public static Map<String, NodeView> nodes(Collection<V1Node> nodes, boolean ignoreExcludeLabel) {
    Map<String, NodeView> out = new TreeMap<>();
    nodes.forEach(n -> out.put(n.getMetadata().getName(), DemandBuilder.view(n, ignoreExcludeLabel)));
    return out;
  }

  public static Map<ServiceKey, V1Service> byKey(Collection<V1Service> services) {
    Map<ServiceKey, V1Service> out = new TreeMap<>();
    services.forEach(s -> out.put(new ServiceKey(s.getMetadata().getNamespace(), s.getMetadata().getName()), s));
    return out;
  }

  /**
   * The passwords the peers' {@code passwordSecret}s name, keyed by {@link PeerSettings#secretKey}:
   * the Secret's {@value #PASSWORD_KEY} key. A reference without a namespace means
   * {@code ownNamespace} (the announcers'). A Secret that is missing or lacks the key is left out,
   * and the speaker reports that peer (and only it) as a problem.
   */
  public static Map<String, String> passwords(Config config, Collection<V1Secret> secrets, String ownNamespace) {
    Map<String, String> out = new TreeMap<>();
    for (BgpPeer p : config.peers()) {
      p.passwordSecret().ifPresent(ref -> {
        String ns = ref.namespace().isEmpty() ? ownNamespace : ref.namespace();
        secrets.stream()
            .filter(s -> ref.name().equals(s.getMetadata().getName()) && ns.equals(s.getMetadata().getNamespace()))
            .findFirst()
            .map(s -> s.getData() == null ? null : s.getData().get(PASSWORD_KEY))
            .ifPresent(bytes -> out.put(PeerSettings.secretKey(ref), new String(bytes, StandardCharsets.UTF_8)));
      });
    }
    return out;
  }
}
