package it.io.baremetallb.announcer.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three announcers' memberships, each a child JVM in its own network namespace on one bridge
 * (LAB-NOTES "Namespaces on a bridge"): they form one view and split six IPs; one node's link
 * goes down, the other two drop it within about a second and take its IPs, the isolated node owns
 * nothing; after link up the view merges and no IP moves from its healthy owner.
 */
@Tag("netns")
class MembershipNetnsIT {
  static final String[] NAMES = {"m1", "m2", "m3"};
  static final String IPS = "198.51.100.1,198.51.100.2,198.51.100.3,198.51.100.4,198.51.100.5,198.51.100.6";
  static final Set<String> ALL = Set.of(NAMES);

  String prefix;
  final List<String> namespaces = new ArrayList<>();
  final Map<String, MemberProcess> members = new HashMap<>();

  @BeforeEach
  void labUp() {
    Assumptions.assumeTrue(isRoot(), "network namespaces need root");
    prefix = "mbit" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    Runtime.getRuntime().addShutdownHook(new Thread(this::labDown));
    String br = prefix + "br";
    addNs(br);
    run("ip", "-n", br, "link", "add", "br0", "type", "bridge", "stp_state", "0", "mcast_snooping", "0");
    run("ip", "-n", br, "link", "set", "br0", "up");
    for (int i = 0; i < NAMES.length; i++) {
      String ns = ns(NAMES[i]);
      addNs(ns);
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "v" + i, "netns", br);
      run("ip", "-n", br, "link", "set", "v" + i, "master", "br0", "up");
      run("ip", "-n", ns, "addr", "add", addr(i) + "/24", "dev", "eth0");
      run("ip", "-n", ns, "link", "set", "eth0", "up");
    }
  }

  @AfterEach
  void labDown() {
    if (!members.isEmpty()) {
      System.out.println("MembershipNetnsIT: what the members printed\n" + logs());
    }
    members.values().forEach(MemberProcess::close);
    for (String ns : namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IllegalStateException e) {
        // already gone (the shutdown hook runs after @AfterEach)
      }
    }
  }

  void addNs(String ns) {
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
  }

  String ns(String member) {
    return prefix + member;
  }

  static String addr(int i) {
    return "192.0.2." + (11 + i);
  }

  void startAll(String profile) throws IOException {
    String peers = addr(0) + "," + addr(1) + "," + addr(2);
    for (int i = 0; i < NAMES.length; i++) {
      members.put(NAMES[i], new MemberProcess(NAMES[i], ns(NAMES[i]), NAMES[i], addr(i), "7946", "7947", profile,
          "c2VjcmV0IG9mIHRoZSBsYWIgbWVtYmVybGlzdA==", peers, String.join(",", NAMES), IPS));
    }
  }

  MemberProcess m(String name) {
    return members.get(name);
  }

  /** IP to owner; fails when two members answer for one IP. */
  Map<String, String> owners(Set<String> of) {
    Map<String, String> out = new HashMap<>();
    for (String n : of) {
      for (String ip : m(n).owned()) {
        String before = out.put(ip, n);
        assertTrue(before == null, () -> ip + " owned by both " + before + " and " + n + "\n" + logs());
      }
    }
    return out;
  }

  String logs() {
    StringBuilder b = new StringBuilder();
    members.forEach((n, p) -> b.append("--- ").append(n).append('\n').append(String.join("\n", p.log())).append('\n'));
    return b.toString();
  }

  void await(long timeoutMs, String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + "\n" + logs());
      }
      Thread.sleep(5);
    }
  }

  boolean allSee(Set<String> view, Set<String> who) {
    return who.stream().allMatch(n -> Set.copyOf(m(n).view().members()).equals(view));
  }

  @Test
  void aNodeCutOffLosesItsIpsToTheMajorityAndGetsNoneBackAfterTheMerge() throws Exception {
    startAll("default");
    await(60_000, "one view of three, six IPs owned", () -> allSee(ALL, ALL) && owners(ALL).size() == 6);
    Map<String, String> before = owners(ALL);
    String coordinator = m("m1").view().members().get(0);
    String victim = ALL.stream().filter(n -> !n.equals(coordinator) && !m(n).owned().isEmpty()).sorted().findFirst()
        .orElseThrow(() -> new AssertionError("no member but the coordinator owns an IP: " + before));
    Set<String> survivors = new HashSet<>(ALL);
    survivors.remove(victim);
    System.out.println("MembershipNetnsIT: three members agreed: " + before + "; cutting off " + victim
        + " (coordinator " + coordinator + ")");

    long down = System.currentTimeMillis();
    run("ip", "-n", ns(victim), "link", "set", "eth0", "down");
    await(5_000, "the survivors install a view without " + victim, () -> allSee(survivors, survivors));
    await(5_000, victim + "'s IPs move to the survivors", () -> owners(survivors).size() == 6);
    await(5_000, victim + " sees itself alone", () -> m(victim).view().members().equals(List.of(victim)));
    long detected = survivors.stream().mapToLong(n -> m(n).firstViewSince(down, survivors).at()).max().orElseThrow();
    long moved = survivors.stream().mapToLong(n -> m(n).ownedAt()).max().orElseThrow() - down;
    assertTrue(moved > 0, "the survivors' ownership changed after the link went down");
    long fenced = m(victim).ownedAt() - down;
    System.out.printf("MembershipNetnsIT: link down -> survivors' view %d ms, -> IPs owned by survivors %d ms, "
        + "isolated node stops answering %d ms, sees itself alone %d ms%n", detected - down, moved, fenced,
        m(victim).view().at() - down);
    assertTrue(fenced <= moved, "the cut-off node stopped answering (" + fenced + " ms) before the survivors took its IPs ("
        + moved + " ms)");
    // about 0.4 s with the default profile on an idle machine (printed above; bench/run l2-failover measures
    // it); 1.68 s once in CI with other JVMs busy beside it. The bound says that suspicion, not a merge or a
    // timeout of seconds, made the view
    assertTrue(detected - down < 3_000, "detection took " + (detected - down) + " ms");
    assertTrue(!m(victim).view().quorum() && m(victim).owned().isEmpty(), "the isolated node owns nothing: " + m(victim).owned());
    Map<String, String> split = owners(survivors);
    before.forEach((ip, owner) -> {
      if (!owner.equals(victim)) {
        assertEquals(owner, split.get(ip), "a healthy owner keeps " + ip);
      }
    });

    long up = System.currentTimeMillis();
    run("ip", "-n", ns(victim), "link", "set", "eth0", "up");
    await(20_000, "the view merges again", () -> allSee(ALL, ALL));
    long merged = ALL.stream().mapToLong(n -> m(n).view().at()).max().orElseThrow();
    System.out.printf("MembershipNetnsIT: link up -> merged view %d ms (coordinator %s)%n", merged - up,
        m("m1").view().members().get(0));
    Thread.sleep(500); // let the merged view's plan settle, then compare
    assertEquals(split, owners(ALL), "sticky: no IP moves from a healthy owner after the merge");
    assertTrue(m(victim).owned().isEmpty());
  }

  static boolean isRoot() {
    try {
      return run("id", "-u").trim().equals("0");
    } catch (IllegalStateException e) {
      return false;
    }
  }

  static String run(String... command) {
    Supplier<String> what = () -> String.join(" ", command);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(what.get() + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(what.get() + " could not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what.get() + " interrupted", e);
    }
  }
}
