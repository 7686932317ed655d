package io.baremetallb.announcer.k8s;

import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.plan.Unadvertised;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The event "allocated but advertised to no BGP peer, because …" on a Service (pure). Every
 * announcer computes the same {@link BgpPlan#unadvertised()}; only the reporter (the node first by
 * name) writes, so a Service gets one event and not one per node. An event is written when a
 * Service's unadvertised IPs or their reasons change, not on every plan.
 */
public final class BgpEvents {
  public static final String REASON = "BGPNotAdvertised";

  private Map<ServiceKey, List<Unadvertised>> reported = Map.of();

  /** Whether {@code node} writes the events: it is the first of the cluster's nodes by name. */
  public static boolean isReporter(String node, Collection<String> nodes) {
    return nodes.stream().min(String::compareTo).map(node::equals).orElse(false);
  }

  /**
   * @param services the Services by key, for the event's involved object
   * @return the events to write now (empty unless {@code reporter})
   */
  public List<AssignmentEvents.Event> next(BgpPlan plan, Map<ServiceKey, V1Service> services, boolean reporter) {
    List<AssignmentEvents.Event> out = new ArrayList<>();
    Map<ServiceKey, List<Unadvertised>> now = plan.unadvertised();
    if (reporter) {
      now.forEach((key, ips) -> {
        V1Service svc = services.get(key);
        if (svc != null && !ips.equals(reported.get(key))) {
          out.add(new AssignmentEvents.Event(svc, "Warning", REASON, message(ips)));
        }
      });
    }
    reported = now;
    return out;
  }

  static String message(List<Unadvertised> ips) {
    return ips.stream().map(u -> u.ip() + " is allocated but " + u.reason()).collect(Collectors.joining(". "));
  }
}
