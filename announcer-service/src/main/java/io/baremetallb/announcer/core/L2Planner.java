package io.baremetallb.announcer.core;

import io.baremetallb.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses one owner per layer-2 IP. Pure and deterministic: the same inputs give the same plan on
 * every node, whatever the iteration order of the collections passed in.
 *
 * <ol>
 *   <li><b>Eligible</b> nodes of an IP: members of the current view ∩ nodes selected by a matching
 *       L2Advertisement ∩ not excluded by label ∩ not NetworkUnavailable ∩ link up ∩ (for
 *       {@code Local}) nodes with a ready endpoint.</li>
 *   <li><b>Sticky:</b> an IP whose previous owner is still eligible stays where it is, so a node
 *       joining or coming back moves nothing.</li>
 *   <li><b>Balanced:</b> every other IP, in address order, goes to the eligible node with the fewest
 *       IPs so far; ties go to the highest rendezvous hash of (IP, node), so equal nodes split
 *       IPs evenly and predictably.</li>
 *   <li><b>Quorum:</b> when the view holds no strict majority of the known announcers, the plan is
 *       empty: a node cut off from the others must stop answering (split-brain protection), unless
 *       the operator turned that off (two-node clusters).</li>
 * </ol>
 */
public final class L2Planner {
  private L2Planner() {
  }

  /** The view this node sees, and how many announcers exist in all. */
  public record Membership(Set<String> members, int knownAnnouncers, boolean requireQuorum) {
    public Membership {
      members = Set.copyOf(members);
    }

    public boolean hasQuorum() {
      return !requireQuorum || members.size() * 2 > knownAnnouncers;
    }
  }

  public static L2Plan plan(Collection<IpDemand> demands, Map<String, NodeView> nodes, Membership membership,
      Map<IpAddress, String> previous) {
    TreeMap<IpAddress, String> owners = new TreeMap<>();
    TreeMap<IpAddress, String> reasons = new TreeMap<>();
    List<IpDemand> sorted = new ArrayList<>(demands);
    sorted.sort(Comparator.comparing(IpDemand::ip));
    if (!membership.hasQuorum()) {
      String why = "this announcer's view has " + membership.members().size() + " of "
          + membership.knownAnnouncers() + " announcers, no majority: not answering to avoid split brain";
      sorted.forEach(d -> reasons.put(d.ip(), why));
      return new L2Plan(owners, reasons);
    }
    Map<IpAddress, TreeSet<String>> eligible = new HashMap<>();
    for (IpDemand d : sorted) {
      Eligibility e = eligible(d, nodes, membership.members());
      if (e.nodes().isEmpty()) {
        reasons.put(d.ip(), e.reasonIfNone());
      } else {
        eligible.put(d.ip(), e.nodes());
      }
    }
    Map<String, Integer> load = new HashMap<>();
    for (IpDemand d : sorted) {
      String prev = previous.get(d.ip());
      TreeSet<String> el = eligible.get(d.ip());
      if (el != null && prev != null && el.contains(prev)) {
        owners.put(d.ip(), prev);
        load.merge(prev, 1, Integer::sum);
      }
    }
    for (IpDemand d : sorted) {
      TreeSet<String> el = eligible.get(d.ip());
      if (el == null || owners.containsKey(d.ip())) {
        continue;
      }
      String best = null;
      for (String n : el) {
        if (best == null || better(d.ip(), n, best, load)) {
          best = n;
        }
      }
      owners.put(d.ip(), best);
      load.merge(best, 1, Integer::sum);
    }
    return new L2Plan(owners, reasons);
  }

  private static boolean better(IpAddress ip, String candidate, String best, Map<String, Integer> load) {
    int lc = load.getOrDefault(candidate, 0);
    int lb = load.getOrDefault(best, 0);
    if (lc != lb) {
      return lc < lb;
    }
    int h = Long.compareUnsigned(rendezvous(ip, candidate), rendezvous(ip, best));
    return h != 0 ? h > 0 : candidate.compareTo(best) < 0;
  }

  private record Eligibility(TreeSet<String> nodes, String reasonIfNone) {
  }

  /** Applies the filters in order and remembers which one emptied the set, to explain it. */
  static Eligibility eligible(IpDemand d, Map<String, NodeView> nodes, Set<String> members) {
    if (d.advertisedNodes().isEmpty()) {
      return new Eligibility(new TreeSet<>(), "no L2Advertisement selects pool " + d.pool());
    }
    TreeSet<String> s = new TreeSet<>(d.advertisedNodes().get());
    if (s.isEmpty()) {
      return new Eligibility(s, "no node matches the nodeSelectors of the L2Advertisements for pool " + d.pool());
    }
    s.removeIf(n -> nodes.containsKey(n) && nodes.get(n).excluded());
    if (s.isEmpty()) {
      return new Eligibility(s, "every selected node is labelled node.kubernetes.io/exclude-from-external-load-balancers");
    }
    s.removeIf(n -> nodes.containsKey(n) && nodes.get(n).networkUnavailable());
    if (s.isEmpty()) {
      return new Eligibility(s, "every selected node has condition NetworkUnavailable");
    }
    if (d.localEndpointNodes().isPresent()) {
      s.retainAll(d.localEndpointNodes().get());
      if (s.isEmpty()) {
        return new Eligibility(s, "externalTrafficPolicy is Local and no selected node has a ready endpoint");
      }
    }
    s.retainAll(members);
    if (s.isEmpty()) {
      return new Eligibility(s, "no selected node runs a live announcer");
    }
    s.removeIf(n -> !nodes.containsKey(n) || !nodes.get(n).linkUp());
    if (s.isEmpty()) {
      return new Eligibility(s, "every candidate node reports its announcing interface down");
    }
    return new Eligibility(s, "");
  }

  /** A 64-bit hash of (IP, node) that is the same in every JVM: FNV-1a, then MurmurHash3's fmix64. */
  static long rendezvous(IpAddress ip, String node) {
    long h = 0xcbf29ce484222325L;
    for (byte b : ip.toBytes()) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    h = (h ^ 0xFF) * 0x100000001b3L;
    for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
