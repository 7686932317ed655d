package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabTopologyTest {
  private final LabTopology lab = new LabTopology("bmlb-", 3);

  @Test
  void numbersHostsAsLabNotesDo() {
    assertEquals(new LabHost("router", 1, "192.0.2.1", "2001:db8:0:1::1", "02:00:00:00:00:01"), lab.router());
    assertEquals(new LabHost("client", 10, "192.0.2.10", "2001:db8:0:1::10", "02:00:00:00:00:10"), lab.client());
    assertEquals(new LabHost("node2", 12, "192.0.2.12", "2001:db8:0:1::12", "02:00:00:00:00:12"), lab.node(2));
  }

  @Test
  void listsNodesInOrder() {
    assertEquals(List.of("node1", "node2", "node3"), lab.nodeHosts().stream().map(LabHost::name).toList());
    assertTrue(lab.node(1).isNode());
  }

  @Test
  void prefixesNamespaces() {
    assertEquals("bmlb-node2", lab.namespace("node2"));
    assertEquals("bmlb-client", lab.namespace("client"));
    assertEquals("bmlb-br", lab.bridgeNamespace());
  }

  @Test
  void namesTheMissingHost() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lab.host("node4"));
    assertEquals("no node4 in lab 'bmlb-' (it has node1..node3)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lab.host("eth0"));
  }

  @Test
  void rejectsPrefixesThatCouldCollideOrEscape() {
    assertThrows(IllegalArgumentException.class, () -> new LabTopology("", 3));
    assertThrows(IllegalArgumentException.class, () -> new LabTopology("Bad", 3));
    assertThrows(IllegalArgumentException.class, () -> new LabTopology("a/b", 3));
    assertThrows(IllegalArgumentException.class, () -> new LabTopology("x", 0));
    assertThrows(IllegalArgumentException.class, () -> new LabTopology("x", 51));
  }

  @Test
  void readsTheMacOfANeighbourEntry() {
    assertEquals(Optional.of("02:00:00:00:00:12"),
        Lab.lladdr("192.0.2.100 lladdr 02:00:00:00:00:12 PERMANENT\n"));
    assertEquals(Optional.of("02:00:00:00:00:13"),
        Lab.lladdr("2001:db8:0:1::100 lladdr 02:00:00:00:00:13 router STALE"));
    assertEquals(Optional.empty(), Lab.lladdr("192.0.2.100 INCOMPLETE"));
    assertEquals(Optional.empty(), Lab.lladdr(""));
  }

  @Test
  void uniquePrefixesAreValidAndDiffer() {
    String a = Lab.uniquePrefix();
    String b = Lab.uniquePrefix();
    new LabTopology(a, 3);
    assertEquals(8, a.length());
    assertTrue(!a.equals(b), a + " twice");
  }
}
