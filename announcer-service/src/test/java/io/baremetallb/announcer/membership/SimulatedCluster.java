package io.baremetallb.announcer.membership;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.ip.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Agreements of several nodes wired through an in-memory bus: messages go only to members of the
 * sender's current view (what JGroups does within a partition), in order; a message can be dropped
 * on purpose to model a member that missed it.
 */
final class SimulatedCluster {
  record Envelope(String from, String to, AgreementMessage message) {
  }

  static final Duration REPORT_TIMEOUT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(800);
  final Map<String, Agreement> nodes = new LinkedHashMap<>();
  final Map<String, SortedSet<IpAddress>> owned = new HashMap<>();
  final Deque<Envelope> queue = new ArrayDeque<>();
  final List<Envelope> delivered = new ArrayList<>();
  Instant now = Instant.parse("2026-11-25T15:00:00Z");
  final Map<String, Optional<Instant>> deadlines = new HashMap<>();
  Agreement.Inputs inputs;
  final boolean requireQuorum;

  SimulatedCluster(boolean requireQuorum, String... names) {
    this.requireQuorum = requireQuorum;
    for (String n : names) {
      start(n);
    }
  }

  static Agreement.Inputs cluster(int announcers, String... ips) {
    List<IpDemand> demands = new ArrayList<>();
    for (String ip : ips) {
      demands.add(new IpDemand(IpAddress.parse(ip), "pool", Optional.of(Set.of("a", "b", "c", "d", "e")), Optional.empty()));
    }
    Map<String, NodeView> views = new HashMap<>();
    for (String n : List.of("a", "b", "c", "d", "e")) {
      views.put(n, NodeView.healthy(n));
    }
    return new Agreement.Inputs(demands, views, announcers);
  }

  /**
   * {@code in} with the IPs named in {@code localEndpoints} belonging to Services with
   * {@code externalTrafficPolicy: Local} whose endpoints are on the given nodes: only they may answer.
   */
  static Agreement.Inputs local(Agreement.Inputs in, Map<String, Set<String>> localEndpoints) {
    List<IpDemand> demands = in.demands().stream()
        .map(d -> new IpDemand(d.ip(), d.pool(), d.advertisedNodes(),
            Optional.ofNullable(localEndpoints.get(d.ip().toString()))))
        .toList();
    return new Agreement.Inputs(demands, in.nodes(), in.knownAnnouncers());
  }

  void inputs(Agreement.Inputs in) {
    inputs = in;
    nodes.forEach((name, a) -> apply(name, a.inputsChanged(in, now)));
    run();
  }

  /** Installs the view on each of its members (not yet delivering messages). */
  void view(boolean merge, String... members) {
    for (String m : members) {
      apply(m, nodes.get(m).viewChanged(List.of(members), merge, now));
    }
  }

  /**
   * Installs the view on some of its members only: JGroups installs a view on each member in its
   * own time, so the others may already send in it (their reports) before {@code installOn} have it.
   */
  void viewOn(boolean merge, List<String> members, String... installOn) {
    for (String m : installOn) {
      apply(m, nodes.get(m).viewChanged(members, merge, now));
    }
  }

  void viewAndRun(boolean merge, String... members) {
    view(merge, members);
    run();
  }

  void apply(String node, Agreement.Step step) {
    owned.put(node, step.owned());
    deadlines.put(node, step.deadline());
    List<String> members = nodes.get(node).view();
    for (Agreement.Send s : step.sends()) {
      if (s.to().isPresent()) {
        queue.add(new Envelope(node, s.to().get(), s.message()));
      } else {
        members.stream().filter(m -> !m.equals(node)).forEach(m -> queue.add(new Envelope(node, m, s.message())));
      }
    }
  }

  /** The node's process dies: it answers for nothing and receives nothing any more. */
  void kill(String node) {
    nodes.remove(node);
    owned.remove(node);
    queue.removeIf(e -> e.to().equals(node));
  }

  /**
   * The node's process starts (or, after {@link #kill}, starts again): a new agreement that knows no
   * plan and is in no view yet.
   */
  void start(String node) {
    nodes.put(node, new Agreement(node, requireQuorum, REPORT_TIMEOUT, LEASE));
    owned.put(node, new TreeSet<>());
  }

  /** Delivers one queued message. */
  Envelope deliverOne() {
    return deliver(queue.poll());
  }

  /**
   * Delivers the oldest message between the same two nodes as the {@code index}th queued one:
   * channels deliver in order, but which channel goes next is up to the network.
   */
  Envelope deliverSomeChannel(int index) {
    Envelope pick = new ArrayList<>(queue).get(index);
    Envelope first = queue.stream().filter(e -> e.from().equals(pick.from()) && e.to().equals(pick.to()))
        .findFirst().orElseThrow();
    queue.removeFirstOccurrence(first);
    return deliver(first);
  }

  private Envelope deliver(Envelope e) {
    delivered.add(e);
    if (!nodes.containsKey(e.to())) {
      return e;
    }
    apply(e.to(), nodes.get(e.to()).received(e.from(), e.message(), now));
    return e;
  }

  void run() {
    while (!queue.isEmpty()) {
      deliverOne();
    }
  }

  void advance(Duration d) {
    now = now.plus(d);
    nodes.forEach((name, a) -> apply(name, a.tick(now)));
    run();
  }

  /** Any live node's agreement (the first in the map): for the view or plan they all share once settled. */
  Agreement anyNode() {
    return nodes.values().iterator().next();
  }

  /** IP to owner, from what each node answers for; fails if two nodes answer for one IP. */
  Map<String, String> answering() {
    Map<String, String> out = new TreeMap<>();
    owned.forEach((node, ips) -> ips.forEach(ip -> {
      String before = out.put(ip.toString(), node);
      if (before != null) {
        throw new AssertionError(ip + " answered by both " + before + " and " + node);
      }
    }));
    return out;
  }
}
