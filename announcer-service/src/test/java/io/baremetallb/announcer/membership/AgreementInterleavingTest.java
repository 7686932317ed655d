package io.baremetallb.announcer.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * View changes of five announcers with the views installed on each member in a random order,
 * interleaved with the delivery of whatever the others already sent, channel by channel in a
 * random order: what JGroups does. Four rounds, each of them either a partition (a minority is cut
 * off, the majority goes on, the partition heals under a random coordinator, often a formerly
 * isolated node) or a crash (a random node, the coordinator as likely as any, dies and starts again
 * knowing no plan). During each view change IPs come and go, or an IP's Service changes the nodes
 * with its local endpoints ({@code externalTrafficPolicy: Local}), which moves the IP between live
 * nodes; each node's informer hears of it in its own time.
 */
class AgreementInterleavingTest {
  static final String[] NODES = {"a", "b", "c", "d", "e"};
  static final String[] IPS = {"192.0.2.101", "192.0.2.102", "192.0.2.103", "192.0.2.104", "192.0.2.105",
      "192.0.2.106", "192.0.2.107", "192.0.2.108", "192.0.2.109", "192.0.2.110"};
  static final String[] SPARE = {"192.0.2.111", "192.0.2.112", "192.0.2.113", "192.0.2.114", "192.0.2.115"};

  /**
   * Without time passing (every message in time, no timeout fires): at no step do two nodes answer
   * for one IP, not even while one moves between live nodes; a merge or a crash moves nothing but
   * the dead node's IPs and those whose eligible nodes changed; new IPs get one owner.
   */
  @Property(tries = 300)
  void viewChangesInAnyOrderMoveNothingAndNeverHaveTwoOwners(@ForAll long seed) {
    fourRounds(seed, false);
  }

  /**
   * With time passing at random during the merge (reports can come after the timeout, leases can
   * run out while messages wait): two owners are allowed for a moment, but once everything is
   * delivered, every IP has one owner (the majority's, for those it had) and every node holds the
   * same plan.
   */
  @Property(tries = 300)
  void viewChangesWithLateMessagesSettleOnTheSameOwners(@ForAll long seed) {
    fourRounds(seed, true);
  }

  static void fourRounds(long seed, boolean timePasses) {
    try {
      fourRoundsOf(seed, timePasses);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  static void fourRoundsOf(long seed, boolean timePasses) {
    Random random = new Random(seed);
    SimulatedCluster c = fullCluster();
    Ips ips = new Ips();
    for (int round = 0; round < 4; round++) {
      String where = "seed " + seed + ", round " + round;
      if (random.nextBoolean()) {
        Map<String, String> majority = partition(c, random, ips);
        List<String> merged = new ArrayList<>(List.of(NODES));
        Collections.shuffle(merged, random);
        majority.keySet().removeAll(transition(c, random, timePasses, ips, true, merged));
        settled(c, timePasses, ips, majority, where + " (merge)");
      } else {
        List<String> view = c.anyNode().view();
        String victim = view.get(random.nextInt(view.size()));
        Map<String, String> before = c.answering();
        c.kill(victim);
        before.keySet().removeAll(
            transition(c, random, timePasses, ips, false, view.stream().filter(n -> !n.equals(victim)).toList()));
        before.values().removeIf(victim::equals);
        settled(c, timePasses, ips, before, where + " (" + victim + " died)");
        Map<String, String> survivors = c.answering();
        c.start(victim);
        c.apply(victim, c.nodes.get(victim).inputsChanged(ips.inputs(), c.now));
        List<String> joined = new ArrayList<>(c.anyNode().view());
        joined.add(victim);
        survivors.keySet().removeAll(transition(c, random, timePasses, ips, false, joined));
        settled(c, timePasses, ips, survivors, where + " (" + victim + " came back)");
      }
    }
  }

  /**
   * After a transition: every IP that a member of the view may answer for has one owner, those that
   * had one keep it (where the transition did not take their owner away), and every node holds the
   * same plan.
   */
  static void settled(SimulatedCluster c, boolean timePasses, Ips ips, Map<String, String> kept,
      String where) {
    if (timePasses) {
      settle(c); // without time passing it has settled already, and no timeout may help it
    }
    Map<String, String> after = c.answering();
    assertEquals(ips.answerable(c.anyNode().view()), after.keySet(), where);
    kept.forEach((ip, owner) -> assertEquals(owner, after.get(ip), where + ": " + ip + " moved"));
    AgreementMessage.Plan plan = c.anyNode().latest();
    c.nodes.forEach((name, a) -> assertEquals(plan, a.latest(), where + ": " + name + " holds another plan"));
  }

  /**
   * The IPs to answer for and, for those whose Service has {@code externalTrafficPolicy: Local},
   * the nodes with its local endpoints (only they may answer for it).
   */
  static final class Ips {
    final Set<String> present = new TreeSet<>(List.of(IPS));
    final Map<String, Set<String>> local = new TreeMap<>();

    Agreement.Inputs inputs() {
      return SimulatedCluster.local(SimulatedCluster.cluster(NODES.length, present.toArray(String[]::new)), local);
    }

    /** The IPs that one of {@code members} may answer for. */
    Set<String> answerable(Collection<String> members) {
      Set<String> out = new TreeSet<>(present);
      out.removeIf(ip -> local.containsKey(ip) && Collections.disjoint(local.get(ip), members));
      return out;
    }

    /**
     * One IP added from the spares, one removed, or one given other nodes with local endpoints
     * (one or two, or back to {@code Cluster}); the IP that may get another owner, if any.
     */
    Optional<String> change(Random random) {
      List<String> spare = new ArrayList<>(List.of(SPARE));
      spare.removeAll(present);
      List<String> ips = new ArrayList<>(present);
      int kind = random.nextInt(3);
      if (kind == 0 && !spare.isEmpty() || ips.size() <= 1) {
        present.add(spare.get(random.nextInt(spare.size())));
        return Optional.empty();
      }
      String ip = ips.get(random.nextInt(ips.size()));
      if (kind == 1) {
        present.remove(ip);
        local.remove(ip);
        return Optional.of(ip);
      }
      if (local.containsKey(ip) && random.nextBoolean()) {
        local.remove(ip);
        return Optional.of(ip);
      }
      List<String> nodes = new ArrayList<>(List.of(NODES));
      Collections.shuffle(nodes, random);
      local.put(ip, Set.copyOf(nodes.subList(0, 1 + random.nextInt(2))));
      return Optional.of(ip);
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
   * leases are for), so they get their views first (sometimes after a view that still holds one
   * node of the majority, see below); then the majority's, in the JGroups order of the last view.
   * Returns who answers for what once the majority settled.
   */
  static Map<String, String> partition(SimulatedCluster c, Random random, Ips ips) {
    List<String> all = new ArrayList<>(c.anyNode().view());
    List<String> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, random);
    Set<String> minority = new TreeSet<>(shuffled.subList(0, 1 + random.nextInt(2)));
    List<String> rest = all.stream().filter(n -> !minority.contains(n)).toList();
    c.queue.clear();
    List<String> cutOff = new ArrayList<>(minority);
    Collections.shuffle(cutOff, random);
    if (random.nextBoolean()) {
      // JGroups on the cut-off side may first drop only some of the others, and install a view that
      // still holds a node of the majority, which never sees it: with two cut off, a view of three
      // of five, a quorum. Its coordinator publishes a plan only the cut-off nodes get (seen in CI,
      // 2026-12-07: a three-node lab, the cut-off coordinator saw [itself, one other] for 200 ms).
      String stillThere = rest.get(random.nextInt(rest.size()));
      List<String> partial = all.stream().filter(n -> minority.contains(n) || n.equals(stillThere)).toList();
      for (String n : cutOff) {
        c.viewOn(false, partial, n);
      }
      c.queue.removeIf(e -> minority.contains(e.to()) != minority.contains(e.from()));
      c.run();
    }
    for (String n : cutOff) {
      c.viewOn(false, cutOff, n);
    }
    for (String n : rest) {
      c.viewOn(false, rest, n);
    }
    c.queue.removeIf(e -> minority.contains(e.to()) != minority.contains(e.from()));
    c.run();
    assertEquals(ips.answerable(rest), c.answering().keySet(), "the majority answers for every IP it may");
    return c.answering();
  }

  /**
   * A new view (the merge that heals a partition, or the view after a crash or a join), installed
   * on its members in a random order. Meanwhile up to two changes of the IPs ({@link Ips#change}),
   * which reach each node's inputs in a random order too. Returns the IPs that may have moved:
   * removed (and maybe added again) or given other eligible nodes.
   */
  static Set<String> transition(SimulatedCluster c, Random random, boolean timePasses, Ips ips, boolean merge,
      List<String> view) {
    List<String> installs = new ArrayList<>(view);
    Collections.shuffle(installs, random);
    List<String> uninformed = new ArrayList<>();
    int[] changes = {random.nextInt(3)};
    Set<String> removed = new TreeSet<>();
    while (true) {
      List<Runnable> steps = new ArrayList<>();
      if (!installs.isEmpty()) {
        steps.add(() -> c.viewOn(merge, view, installs.remove(0)));
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
          ips.change(random).ifPresent(removed::add);
          uninformed.clear();
          uninformed.addAll(c.nodes.keySet());
          Collections.shuffle(uninformed, random);
        });
      }
      if (!uninformed.isEmpty()) {
        steps.add(() -> {
          String n = uninformed.remove(0);
          c.apply(n, c.nodes.get(n).inputsChanged(ips.inputs(), c.now));
        });
      }
      if (steps.isEmpty()) {
        return removed;
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

  /** Delivers everything and lets timeouts and lease renewals run. */
  static void settle(SimulatedCluster c) {
    c.run();
    for (int i = 0; i < 10; i++) {
      c.advance(Duration.ofMillis(100));
    }
  }
}
