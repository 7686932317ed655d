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
 * heals under a random coordinator (often a formerly isolated node), several times over. During a
 * merge, IPs come and go, and each node's informer hears of it in its own time.
 */
class AgreementInterleavingTest {
  static final String[] NODES = {"a", "b", "c", "d", "e"};
  static final String[] IPS = {"192.0.2.101", "192.0.2.102", "192.0.2.103", "192.0.2.104", "192.0.2.105",
      "192.0.2.106", "192.0.2.107", "192.0.2.108", "192.0.2.109", "192.0.2.110"};
  static final String[] SPARE = {"192.0.2.111", "192.0.2.112", "192.0.2.113", "192.0.2.114", "192.0.2.115"};

  /**
   * Without time passing (every message in time, no timeout fires): at no step do two nodes answer
   * for one IP, and a merge moves nothing from the majority's owners; new IPs get one owner.
   */
  @Property(tries = 300)
  void mergesInAnyOrderMoveNothingAndNeverHaveTwoOwners(@ForAll long seed) {
    threeRounds(seed, false);
  }

  /**
   * With time passing at random during the merge (reports can come after the timeout, leases can
   * run out while messages wait): two owners are allowed for a moment, but once everything is
   * delivered, every IP has one owner (the majority's, for those it had) and every node holds the
   * same plan.
   */
  @Property(tries = 300)
  void mergesWithLateMessagesSettleOnTheMajoritysOwners(@ForAll long seed) {
    threeRounds(seed, true);
  }

  static void threeRounds(long seed, boolean timePasses) {
    try {
      threeRoundsOf(seed, timePasses);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  static void threeRoundsOf(long seed, boolean timePasses) {
    Random random = new Random(seed);
    SimulatedCluster c = fullCluster();
    Set<String> ips = new TreeSet<>(List.of(IPS));
    for (int round = 0; round < 3; round++) {
      String where = "seed " + seed + ", round " + round;
      Map<String, String> majority = partition(c, random, ips);
      merge(c, random, timePasses, ips);
      if (timePasses) {
        settle(c); // without time passing it has settled already, and no timeout may help it
      }
      Map<String, String> after = c.answering();
      assertEquals(ips, after.keySet(), where);
      majority.forEach((ip, owner) -> {
        if (ips.contains(ip)) {
          assertEquals(owner, after.get(ip), where + ": " + ip + " moved");
        }
      });
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
  static Map<String, String> partition(SimulatedCluster c, Random random, Set<String> ips) {
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
    assertEquals(ips, c.answering().keySet(), "the majority answers for every IP");
    return c.answering();
  }

  /**
   * Heals the partition: a merge view under a random coordinator, installed in a random order.
   * Meanwhile up to two changes of the IPs (one added or one removed), which reach each node's
   * inputs in a random order too.
   */
  static void merge(SimulatedCluster c, Random random, boolean timePasses, Set<String> ips) {
    List<String> merged = new ArrayList<>(List.of(NODES));
    Collections.shuffle(merged, random);
    List<String> installs = new ArrayList<>(merged);
    Collections.shuffle(installs, random);
    List<String> uninformed = new ArrayList<>();
    int[] changes = {random.nextInt(3)};
    while (true) {
      List<Runnable> steps = new ArrayList<>();
      if (!installs.isEmpty()) {
        steps.add(() -> c.viewOn(true, merged, installs.remove(0)));
      }
      if (!c.queue.isEmpty()) {
        Runnable deliver = () -> c.deliverSomeChannel(random.nextInt(c.queue.size()));
        for (int i = 0; i < 6; i++) {
          steps.add(deliver); // more often than time passes, which brings lease renewals
        }
      }
      if (changes[0] > 0) {
        steps.add(() -> {
          changes[0]--;
          changeIps(random, ips);
          uninformed.clear();
          uninformed.addAll(List.of(NODES));
          Collections.shuffle(uninformed, random);
        });
      }
      if (!uninformed.isEmpty()) {
        steps.add(() -> {
          String n = uninformed.remove(0);
          c.apply(n, c.nodes.get(n).inputsChanged(
              SimulatedCluster.cluster(NODES.length, ips.toArray(String[]::new)), c.now));
        });
      }
      if (steps.isEmpty()) {
        return;
      }
      if (timePasses) {
        steps.add(() -> {
          c.now = c.now.plus(Duration.ofMillis(50 + random.nextInt(200)));
          c.nodes.forEach((name, a) -> c.apply(name, a.tick(c.now)));
        });
      }
      steps.get(random.nextInt(steps.size())).run();
      if (!timePasses) {
        c.answering(); // throws when two nodes answer for one IP
      }
    }
  }

  /** One IP added from the spares, or one removed. */
  static void changeIps(Random random, Set<String> ips) {
    List<String> spare = new ArrayList<>(List.of(SPARE));
    spare.removeAll(ips);
    if (random.nextBoolean() && !spare.isEmpty() || ips.size() <= 1) {
      ips.add(spare.get(random.nextInt(spare.size())));
    } else {
      List<String> present = new ArrayList<>(ips);
      ips.remove(present.get(random.nextInt(present.size())));
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
