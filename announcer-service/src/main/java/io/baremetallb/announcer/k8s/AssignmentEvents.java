package io.baremetallb.announcer.k8s;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * MetalLB's {@code nodeAssigned} event, pure: when this node starts answering for an IP, every
 * Service of ours holding that IP gets one event naming the node and the protocol.
 */
public final class AssignmentEvents {
  public static final String REASON = "nodeAssigned";

  /** One event to write on a Service. */
  public record Event(V1Service service, String reason, String message) {
  }

  private AssignmentEvents() {
  }

  /**
   * @param node this node's name
   * @param before the IPs this node answered for
   * @param after the IPs it answers for now
   * @param services the Services of ours (those the {@link DemandBuilder} reads)
   */
  public static List<Event> gained(String node, Set<IpAddress> before, Set<IpAddress> after,
      Collection<V1Service> services) {
    List<Event> out = new ArrayList<>();
    for (V1Service s : services) {
      List<IpAddress> ips = DemandBuilder.ingressIps(s);
      boolean newlyOwned = ips.stream().anyMatch(ip -> after.contains(ip) && !before.contains(ip));
      if (newlyOwned) {
        out.add(new Event(s, REASON, "announcing from node \"" + node + "\" with protocol \"layer2\""));
      }
    }
    return out;
  }
}
