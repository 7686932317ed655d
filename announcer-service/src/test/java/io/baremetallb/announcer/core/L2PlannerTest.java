package io.baremetallb.announcer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.core.L2Planner.Membership;
import io.baremetallb.ip.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class L2PlannerTest {
  private static final Set<String> ALL = Set.of("node1", "node2", "node3");
  private static final Map<String, NodeView> HEALTHY = Map.of(
      "node1", NodeView.healthy("node1"), "node2", NodeView.healthy("node2"), "node3", NodeView.healthy("node3"));
  private static final Membership FULL = new Membership(ALL, 3, true);

  private static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  private static IpDemand cluster(String ip) {
    return new IpDemand(ip(ip), "my-ip-space", Optional.of(ALL), Optional.empty());
  }

  private static IpDemand local(String ip, String... endpointNodes) {
    return new IpDemand(ip(ip), "my-ip-space", Optional.of(ALL), Optional.of(Set.of(endpointNodes)));
  }

  @Test
  void document433OnlyANodeRunningAPodAnswersForALocalService() {
    // 4.3.3: myapp-svc's pods run on t90 and t91 (here node1 and node2); node3 must never answer.
    L2Plan p = L2Planner.plan(List.of(local("192.0.2.100", "node1", "node2")), HEALTHY, FULL, Map.of());
    assertTrue(Set.of("node1", "node2").contains(p.owner(ip("192.0.2.100")).orElseThrow()));
  }

  @Test
  void document434PodsMovedAwayFromTheOwnerMoveTheAnnouncement() {
    L2Plan before = L2Planner.plan(List.of(local("192.0.2.100", "node1")), HEALTHY, FULL, Map.of());
    assertEquals(Optional.of("node1"), before.owner(ip("192.0.2.100")));
    // node1 cordoned, its pods deleted and rescheduled on node3
    L2Plan after = L2Planner.plan(List.of(local("192.0.2.100", "node3")), HEALTHY, FULL, before.owners());
    assertEquals(Optional.of("node3"), after.owner(ip("192.0.2.100")));
  }

  @Test
  void aNodeJoiningTakesNothingFromHealthyOwners() {
    Membership two = new Membership(Set.of("node1", "node2"), 3, true);
    List<IpDemand> ips = List.of(cluster("192.0.2.100"), cluster("192.0.2.101"), cluster("192.0.2.102"), cluster("192.0.2.103"));
    L2Plan before = L2Planner.plan(ips, HEALTHY, two, Map.of());
    L2Plan after = L2Planner.plan(ips, HEALTHY, FULL, before.owners());
    assertEquals(before.owners(), after.owners());
  }

  @Test
  void aFailedOwnersIpsAreSpreadOverTheSurvivors() {
    List<IpDemand> ips = new ArrayList<>();
    for (int i = 100; i < 112; i++) {
      ips.add(cluster("192.0.2." + i));
    }
    L2Plan before = L2Planner.plan(ips, HEALTHY, FULL, Map.of());
    assertEquals(4, before.ownedBy("node1").size());
    assertEquals(4, before.ownedBy("node2").size());
    assertEquals(4, before.ownedBy("node3").size());
    L2Plan after = L2Planner.plan(ips, HEALTHY, new Membership(Set.of("node1", "node2"), 3, true), before.owners());
    assertEquals(6, after.ownedBy("node1").size());
    assertEquals(6, after.ownedBy("node2").size());
    for (IpAddress kept : before.ownedBy("node1")) {
      assertEquals(Optional.of("node1"), after.owner(kept), "survivors keep what they had");
    }
  }

  @Test
  void aMinorityPartitionAnswersForNothing() {
    L2Plan p = L2Planner.plan(List.of(cluster("192.0.2.100")), HEALTHY, new Membership(Set.of("node3"), 3, true), Map.of());
    assertTrue(p.owners().isEmpty());
    assertEquals("this announcer's view has 1 of 3 announcers, no majority: not answering to avoid split brain",
        p.unannounced().get(ip("192.0.2.100")));
  }

  @Test
  void twoNodeClustersMayOptOutOfTheQuorumRule() {
    L2Plan p = L2Planner.plan(List.of(cluster("192.0.2.100")), HEALTHY, new Membership(Set.of("node1"), 2, false), Map.of());
    assertEquals(Optional.of("node1"), p.owner(ip("192.0.2.100")));
  }

  @Test
  void everyReasonForNobodySaysWhich() {
    Map<String, NodeView> nodes = new HashMap<>(HEALTHY);
    nodes.put("node1", new NodeView("node1", Map.of(), true, false, true));
    nodes.put("node2", new NodeView("node2", Map.of(), false, true, true));
    nodes.put("node3", new NodeView("node3", Map.of(), false, false, false));
    Map<IpAddress, String> why = L2Planner.plan(List.of(
        new IpDemand(ip("192.0.2.100"), "prod", Optional.empty(), Optional.empty()),
        new IpDemand(ip("192.0.2.101"), "prod", Optional.of(Set.of()), Optional.empty()),
        new IpDemand(ip("192.0.2.102"), "prod", Optional.of(Set.of("node1")), Optional.empty()),
        new IpDemand(ip("192.0.2.103"), "prod", Optional.of(Set.of("node2")), Optional.empty()),
        new IpDemand(ip("192.0.2.104"), "prod", Optional.of(ALL), Optional.of(Set.of())),
        new IpDemand(ip("192.0.2.105"), "prod", Optional.of(Set.of("node3")), Optional.empty())),
        nodes, FULL, Map.of()).unannounced();
    assertEquals("no L2Advertisement selects pool prod", why.get(ip("192.0.2.100")));
    assertEquals("no node matches the nodeSelectors of the L2Advertisements for pool prod", why.get(ip("192.0.2.101")));
    assertEquals("every selected node is labelled node.kubernetes.io/exclude-from-external-load-balancers", why.get(ip("192.0.2.102")));
    assertEquals("every selected node has condition NetworkUnavailable", why.get(ip("192.0.2.103")));
    assertEquals("externalTrafficPolicy is Local and no selected node has a ready endpoint", why.get(ip("192.0.2.104")));
    assertEquals("every candidate node reports its announcing interface down", why.get(ip("192.0.2.105")));
  }

  @Test
  void ipv6AddressesArePlannedLikeIpv4() {
    L2Plan p = L2Planner.plan(List.of(cluster("2001:db8:0:1::100")), HEALTHY, FULL, Map.of());
    assertTrue(p.owner(ip("2001:db8:0:1::100")).isPresent());
  }

  /** Every node computes the same plan whatever order its caches hand things over in. */
  @Property(tries = 100)
  void thePlanDoesNotDependOnInputOrder(@ForAll @IntRange(min = 1, max = 40) int count, @ForAll long seed) {
    Random r = new Random(seed);
    List<IpDemand> ips = new ArrayList<>();
    Map<IpAddress, String> previous = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      IpDemand d = r.nextBoolean() ? cluster("192.0.2." + i) : local("192.0.2." + i, "node" + (1 + r.nextInt(3)));
      ips.add(d);
      if (r.nextInt(4) == 0) {
        previous.put(d.ip(), "node" + (1 + r.nextInt(3)));
      }
    }
    L2Plan a = L2Planner.plan(ips, HEALTHY, FULL, previous);
    List<IpDemand> shuffled = new ArrayList<>(ips);
    Collections.shuffle(shuffled, r);
    L2Plan b = L2Planner.plan(shuffled, new HashMap<>(HEALTHY), FULL, new HashMap<>(previous));
    assertEquals(a, b);
    a.owners().forEach((ipAddr, owner) -> {
      IpDemand d = ips.stream().filter(x -> x.ip().equals(ipAddr)).findFirst().orElseThrow();
      d.localEndpointNodes().ifPresent(eps -> assertTrue(eps.contains(owner), "owner has an endpoint"));
    });
  }

  /** With nothing sticky, Cluster IPs spread so that no node has more than one IP above another. */
  @Property(tries = 100)
  void freshPlansAreBalanced(@ForAll @IntRange(min = 1, max = 200) int count) {
    List<IpDemand> ips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ips.add(cluster("2001:db8::" + Integer.toHexString(i + 1)));
    }
    L2Plan p = L2Planner.plan(ips, HEALTHY, FULL, Map.of());
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String n : ALL) {
      min = Math.min(min, p.ownedBy(n).size());
      max = Math.max(max, p.ownedBy(n).size());
    }
    assertTrue(max - min <= 1, "loads " + min + ".." + max);
  }
}
