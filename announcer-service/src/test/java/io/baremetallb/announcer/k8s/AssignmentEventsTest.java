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
}
