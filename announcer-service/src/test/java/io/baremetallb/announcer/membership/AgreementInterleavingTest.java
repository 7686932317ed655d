package io.baremetallb.announcer.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Partitions and merges of five announcers with the views installed on each member in a random
 * order, interleaved with the delivery of whatever the others already sent, channel by channel in
 * a random order: what JGroups does. A minority is cut off, the majority goes on, the partition
 * heals under a random coordinator (often a formerly isolated node), several times over.
 */
class AgreementInterleavingTest {
  static final String[] NODES = {"a", "b", "c", "d", "e"};
  static final String[] IPS = {"192.0.2.101", "192.0.2.102", "192.0.2.103", "192.0.2.104", "192.0.2.105",
      "192.0.2.106", "192.0.2.107", "192.0.2.108", "192.0.2.109", "192.0.2.110"};

  /**
   * Without time passing (every message in time, no timeout fires): at no step do two nodes answer
   * for one IP, and a merge moves nothing from the majority's owners.
   */
  @Property(tries = 300)
  void mergesInAnyOrderMoveNothingAndNeverHaveTwoOwners(@ForAll long seed) {
    threeRounds(seed, false);
  }

  /**
   * With time passing at random during the merge (reports can come after the timeout, leases can
   * run out while messages wait): two owners are allowed for a moment, but once everything is
   * delivered, every IP has one owner, the majority's, and every node holds the same plan.
   */
  @Property(tries = 300)
  void mergesWithLateMessagesSettleOnTheMajoritysOwners(@ForAll long seed) {
    threeRounds(seed, true);
  }

  static void threeRounds(long seed, boolean timePasses) {
    Random random = new Random(seed);
    SimulatedCluster c = fullCluster();
    for (int round = 0; round < 3; round++) {
      Map<String, String> majority = partition(c, random);
      merge(c, random, timePasses);
      if (timePasses) {
        settle(c); // without time passing it has settled already, and no timeout may help it
      }
      assertEquals(majority, c.answering(), "seed " + seed + ", round " + round);
      AgreementMessage.Plan plan = c.nodes.get(c.nodes.get("a").coordinator()).latest();
      c.nodes.forEach((name, a) -> assertEquals(plan, a.latest(), name + " holds another plan, seed " + seed));
    }
  }

  static SimulatedCluster fullCluster() {
    SimulatedCluster c = new SimulatedCluster(true, NODES);
    c.inputs(SimulatedCluster.cluster(NODES.length, IPS));
    c.viewAndRun(false, NODES);
    assertEquals(IPS.length, c.answering().size());
    return c;
  }

  /**
   * Cuts off one or two nodes. Their leases run out before the majority installs its view (what
   * leases are for), so they get their views first; then the majority's, in the JGroups order of
   * the last view. Returns who answers for what once the majority settled.
   */
  static Map<String, String> partition(SimulatedCluster c, Random random) {
    List<String> all = new ArrayList<>(c.nodes.get("a").view());
    List<String> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, random);
    Set<String> minority = new TreeSet<>(shuffled.subList(0, 1 + random.nextInt(2)));
    List<String> rest = all.stream().filter(n -> !minority.contains(n)).toList();
    c.queue.clear();
    List<String> cutOff = new ArrayList<>(minority);
    Collections.shuffle(cutOff, random);
    for (String n : cutOff) {
      c.viewOn(false, cutOff, n);
    }
    for (String n : rest) {
      c.viewOn(false, rest, n);
      c.queue.removeIf(e -> minority.contains(e.to()) != minority.contains(e.from()));
    }
    c.queue.removeIf(e -> minority.contains(e.to()) != minority.contains(e.from()));
    c.run();
    assertEquals(IPS.length, c.answering().size(), "the majority answers for every IP");
    return c.answering();
  }

  /** Heals the partition: a merge view under a random coordinator, installed in a random order. */
  static void merge(SimulatedCluster c, Random random, boolean timePasses) {
    List<String> merged = new ArrayList<>(List.of(NODES));
    Collections.shuffle(merged, random);
    List<String> installs = new ArrayList<>(merged);
    Collections.shuffle(installs, random);
    while (!installs.isEmpty() || !c.queue.isEmpty()) {
      int choice = random.nextInt(timePasses ? 4 : 3);
      if (choice == 0 && !installs.isEmpty() || c.queue.isEmpty()) {
        c.viewOn(true, merged, installs.remove(0));
      } else if (choice < 3) {
        c.deliverSomeChannel(random.nextInt(c.queue.size()));
      } else {
        c.now = c.now.plus(Duration.ofMillis(50 + random.nextInt(200)));
        c.nodes.forEach((name, a) -> c.apply(name, a.tick(c.now)));
      }
      if (!timePasses) {
        c.answering(); // throws when two nodes answer for one IP
      }
    }
  }

  /** Delivers everything and lets timeouts and lease renewals run. */
  static void settle(SimulatedCluster c) {
    c.run();
    for (int i = 0; i < 10; i++) {
      c.advance(Duration.ofMillis(100));
    }
  }
}
