package it.io.baremetallb.announcer.membership;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.announcer.membership.Agreement;
import io.baremetallb.announcer.membership.FailureDetection;
import io.baremetallb.announcer.membership.MemberlistKey;
import io.baremetallb.announcer.membership.Membership;
import io.baremetallb.announcer.membership.MembershipConfig;
import io.baremetallb.announcer.membership.MembershipException;
import io.baremetallb.ip.IpAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * One announcer's membership in a child JVM (started in a network namespace by MembershipNetnsIT).
 * Prints, with the wall-clock millisecond: {@code VIEW ms a,b,c merge=.. quorum=..},
 * {@code OWNED ms ip,ip} (or {@code -}), {@code STARTED}, or {@code FAILED message}.
 *
 * <p>Arguments: name bindAddress port fdPort profile(default|fast) secret peers(a,b,..) nodes(n1,n2,..) ips(a,b,..)
 */
public final class MemberMain {
  private MemberMain() {
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    FailureDetection fd = args[4].equals("fast") ? FailureDetection.FAST : FailureDetection.DEFAULT;
    MembershipConfig config = new MembershipConfig(name, InetAddress.getByName(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), fd, MemberlistKey.derive(args[5]), true, Duration.ofMillis(200));
    List<InetAddress> peers = new ArrayList<>();
    for (String p : args[6].split(",")) {
      peers.add(InetAddress.getByName(p));
    }
    Set<String> nodes = Set.of(args[7].split(","));
    Map<String, NodeView> views = new HashMap<>();
    nodes.forEach(n -> views.put(n, NodeView.healthy(n)));
    List<IpDemand> demands = new ArrayList<>();
    for (String ip : args[8].split(",")) {
      demands.add(new IpDemand(IpAddress.parse(ip), "lab", Optional.of(nodes), Optional.empty()));
    }
    Membership m = new Membership(config, InstantSource.system());
    m.onViewChange(v -> say("VIEW " + System.currentTimeMillis() + " " + String.join(",", v.members())
        + " merge=" + v.merge() + " quorum=" + v.quorum()));
    m.onOwnershipChange(owned -> say("OWNED " + System.currentTimeMillis() + " " + ips(owned)
        + " epoch=" + m.plan().epoch() + " by=" + m.plan().author()));
    m.setInputs(new Agreement.Inputs(demands, views, nodes.size()));
    try {
      m.start(peers);
    } catch (MembershipException e) {
      say("FAILED " + e.getMessage());
      m.close();
      System.exit(2);
    }
    say("STARTED");
    Runtime.getRuntime().addShutdownHook(new Thread(m::close));
    new CountDownLatch(1).await();
  }

  static String ips(SortedSet<IpAddress> owned) {
    return owned.isEmpty() ? "-" : owned.stream().map(IpAddress::toString).collect(Collectors.joining(","));
  }

  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
