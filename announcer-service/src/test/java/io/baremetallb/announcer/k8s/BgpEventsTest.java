package io.baremetallb.announcer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.plan.Unadvertised;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BgpEventsTest {
  static final ServiceKey WEB = new ServiceKey("default", "web");
  static final V1Service WEB_SVC = new V1Service().metadata(new V1ObjectMeta().namespace("default").name("web"));
  static final Unadvertised LOCAL = new Unadvertised(IpAddress.parse("192.0.2.6"),
      "advertised by no node to any BGP peer; n1, n2: externalTrafficPolicy Local and no ready endpoint on the node");

  static BgpPlan unadvertised(Unadvertised... u) {
    return new BgpPlan(Map.of(), Map.of(), u.length == 0 ? Map.of() : Map.of(WEB, List.of(u)));
  }

  @Test
  void theReporterWritesOncePerChangeSayingWhy() {
    BgpEvents events = new BgpEvents();
    List<AssignmentEvents.Event> first = events.next(unadvertised(LOCAL), Map.of(WEB, WEB_SVC), true);
    assertEquals(List.of(new AssignmentEvents.Event(WEB_SVC, "Warning", BgpEvents.REASON, "192.0.2.6 is allocated but advertised by "
        + "no node to any BGP peer; n1, n2: externalTrafficPolicy Local and no ready endpoint on the node")),
        first);
    assertEquals(List.of(), events.next(unadvertised(LOCAL), Map.of(WEB, WEB_SVC), true), "same reason: no new event");
    assertEquals(List.of(), events.next(unadvertised(), Map.of(WEB, WEB_SVC), true), "advertised again: nothing to say");
    assertEquals(1, events.next(unadvertised(LOCAL), Map.of(WEB, WEB_SVC), true).size(), "unadvertised again: a new event");
  }

  @Test
  void otherNodesWriteNothing() {
    assertEquals(List.of(), new BgpEvents().next(unadvertised(LOCAL), Map.of(WEB, WEB_SVC), false));
  }

  @Test
  void theReporterIsTheFirstNodeByName() {
    assertTrue(BgpEvents.isReporter("n1", List.of("n2", "n1", "n3")));
    assertFalse(BgpEvents.isReporter("n2", List.of("n2", "n1", "n3")));
    assertFalse(BgpEvents.isReporter("n1", List.of()));
  }
}
