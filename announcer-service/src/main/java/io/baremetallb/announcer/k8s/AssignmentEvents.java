package io.baremetallb.announcer.k8s;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MetalLB's {@code nodeAssigned} event, pure: when this node starts answering for an IP, every
 * Service of ours holding that IP gets one event naming the node and the protocol.
 */
public final class AssignmentEvents {
  public static final String REASON = "nodeAssigned";

  /** Why nobody answers for an IP of the Service (a Warning, written by the coordinator). */
  public static final String UNANNOUNCED = "notAnnounced";

  /** One event to write on a Service; {@code type} is Normal or Warning. */
  public record Event(V1Service service, String type, String reason, String message) {
    public Event(V1Service service, String reason, String message) {
      this(service, "Normal", reason, message);
    }
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

  /**
   * Warnings for IPs that nobody answers for, each time the reason is new or changed: the
   * coordinator calls this with the planner's reasons before and after a replan.
   *
   * @param before IP → why nobody answers, as last reported
   * @param after IP → why nobody answers now
   */
  public static List<Event> unannounced(Map<IpAddress, String> before, Map<IpAddress, String> after,
      Collection<V1Service> services) {
    List<Event> out = new ArrayList<>();
    for (V1Service s : services) {
      List<String> why = new ArrayList<>();
      for (IpAddress ip : DemandBuilder.ingressIps(s)) {
        String reason = after.get(ip);
        if (reason != null && !reason.equals(before.get(ip))) {
          why.add(ip + ": " + reason);
        }
      }
      if (!why.isEmpty()) {
        out.add(new Event(s, "Warning", UNANNOUNCED, "no node announces " + String.join("; ", why)));
      }
    }
    return out;
  }
}
