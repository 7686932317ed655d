package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodRosterTest {

  @Test
  void servesThePodsOfANodeInTurn() {
    PodRoster roster = new PodRoster(() -> List.of("node2-1", "node2-2"));
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      served.add(roster.next().orElseThrow());
    }
    assertEquals(List.of("node2-1", "node2-2", "node2-1", "node2-2"), served);
  }

  @Test
  void seesPodsStartedAndStoppedWhileRunning() {
    List<String> names = new ArrayList<>(List.of("node1-1"));
    PodRoster roster = new PodRoster(() -> List.copyOf(names));
    assertEquals(Optional.of("node1-1"), roster.next());
    names.clear();
    assertEquals(Optional.empty(), roster.next());
    names.add("node1-2");
    assertEquals(Optional.of("node1-2"), roster.next());
  }

  @Test
  void ignoresBlankLinesAndSurroundingSpace() {
    PodRoster roster = new PodRoster(() -> List.of("", "  node3-1 ", " "));
    assertEquals(Optional.of("node3-1"), roster.next());
    assertEquals(Optional.of("node3-1"), roster.next());
  }

  @Test
  void greetsLikeTheDocumentsSectionFour() {
    assertEquals("Hello MyApp | Pod: node2-1\n", PodRoster.greeting("node2-1"));
  }
}
