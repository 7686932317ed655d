package io.baremetallb.announcer.k8s;

import static io.baremetallb.announcer.k8s.DemandBuilderTest.ip;
import static io.baremetallb.announcer.k8s.DemandBuilderTest.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentEventsTest {
  final V1Service web = svc("web", "Cluster", "192.0.2.10");
  final V1Service dnsTcp = svc("dns-tcp", "Local", "192.0.2.53");
  final V1Service dnsUdp = svc("dns-udp", "Local", "192.0.2.53");
  final List<V1Service> all = List.of(web, dnsTcp, dnsUdp);

  @Test
  void gainingAnIpTellsEveryServiceHoldingIt() {
    List<AssignmentEvents.Event> ev = AssignmentEvents.gained("t90", Set.of(ip("192.0.2.10")),
        Set.of(ip("192.0.2.10"), ip("192.0.2.53")), all);
    assertEquals(List.of(
        new AssignmentEvents.Event(dnsTcp, "nodeAssigned", "announcing from node \"t90\" with protocol \"layer2\""),
        new AssignmentEvents.Event(dnsUdp, "nodeAssigned", "announcing from node \"t90\" with protocol \"layer2\"")), ev);
  }

  @Test
  void keepingOrLosingAnIpSaysNothing() {
    assertEquals(List.of(), AssignmentEvents.gained("t90", Set.of(ip("192.0.2.10"), ip("192.0.2.53")),
        Set.of(ip("192.0.2.10")), all));
  }

  @Test
  void anIpNobodyAnswersForIsExplainedOnceOnEveryServiceHoldingItAndAgainWhenTheReasonChanges() {
    String local = "externalTrafficPolicy is Local and no selected node has a ready endpoint";
    java.util.Map<io.baremetallb.ip.IpAddress, String> before = java.util.Map.of();
    java.util.Map<io.baremetallb.ip.IpAddress, String> after = java.util.Map.of(ip("192.0.2.53"), local);
    assertEquals(List.of(
        new AssignmentEvents.Event(dnsTcp, "Warning", "notAnnounced", "no node announces 192.0.2.53: " + local),
        new AssignmentEvents.Event(dnsUdp, "Warning", "notAnnounced", "no node announces 192.0.2.53: " + local)),
        AssignmentEvents.unannounced(before, after, all));
    assertEquals(List.of(), AssignmentEvents.unannounced(after, after, all), "the same reason again: silence");
    String none = "no selected node runs a live announcer";
    assertEquals(2, AssignmentEvents.unannounced(after, java.util.Map.of(ip("192.0.2.53"), none), all).size());
  }
}
