package it.io.baremetallb.announcer.l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Layer 2 mode against a real Linux neighbour: a {@code client} and a {@code node} namespace on
 * a veth pair. The responder runs in a child JVM inside the node namespace ({@code ip netns exec
 * … java}, the way the announcer runs with hostNetwork); the client's kernel and its tools
 * (arping, ndisc6, ping, ip neigh) judge what it sends. The VIPs sit on the node's loopback
 * with {@code arp_ignore=1}, so the node's kernel accepts traffic for them but never answers
 * ARP or NDP for them on eth0 (Linux answers NDP only for addresses of the receiving
 * interface): every answer the client gets comes from our responder.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class L2NetnsIT {
  private static final String PREFIX = "l2it" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
  private static final String CLIENT = PREFIX + "c";
  private static final String NODE = PREFIX + "n";
  private static final String CLIENT_MAC = "02:00:00:00:00:0a";
  private static final String NODE_MAC = "02:00:00:00:00:0b";
  private static final String STALE_MAC = "02:00:00:00:00:99";
  private static final String VIP = "192.0.2.100";
  private static final String VIP6 = "2001:db8::100";
  private static final String SOLICITED_NODE_MAC = "33:33:ff:00:01:00";
  private static final List<String> CREATED = new ArrayList<>();
  private static Process node;
  private static Writer nodeIn;
  private static BufferedReader nodeOut;
  private static Path nodeLog;

  @BeforeAll
  static void buildLab() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "network tests need root (CAP_NET_ADMIN for namespaces, CAP_NET_RAW for the packet socket)");
    for (String tool : List.of("ip", "arping", "ndisc6", "ping")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not installed (Debian packages iproute2 arping ndisc6 iputils-ping)");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(L2NetnsIT::removeLab));
    for (String ns : List.of(CLIENT, NODE)) {
      sh("ip", "netns", "add", ns);
      CREATED.add(ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    sh("ip", "link", "add", "eth0", "netns", CLIENT, "address", CLIENT_MAC, "type", "veth",
        "peer", "name", "eth0", "netns", NODE, "address", NODE_MAC);
    sh("ip", "-n", CLIENT, "addr", "add", "192.0.2.10/24", "dev", "eth0");
    sh("ip", "-n", CLIENT, "addr", "add", "2001:db8::a/64", "dev", "eth0", "nodad");
    sh("ip", "-n", NODE, "addr", "add", "192.0.2.11/24", "dev", "eth0");
    sh("ip", "-n", NODE, "addr", "add", "2001:db8::b/64", "dev", "eth0", "nodad");
    sh("ip", "netns", "exec", NODE, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1");
    sh("ip", "-n", NODE, "addr", "add", VIP + "/32", "dev", "lo");
    sh("ip", "-n", NODE, "addr", "add", VIP6 + "/128", "dev", "lo", "nodad");
    for (String ns : List.of(CLIENT, NODE)) {
      sh("ip", "-n", ns, "link", "set", "eth0", "up");
    }
    startNode();
  }

  @AfterAll
  static void removeLab() {
    if (node != null) {
      node.destroy();
      try {
        if (!node.waitFor(5, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      node = null;
    }
    if (nodeLog != null) {
      try {
        Files.deleteIfExists(nodeLog);
      } catch (IOException e) {
        // a leftover log file in the temp directory is harmless
      }
    }
    synchronized (CREATED) {
      for (String ns : CREATED) {
        run("ip", "netns", "del", ns);
      }
      CREATED.clear();
    }
  }

  @Test
  @Order(1)
  void withoutTheResponderNobodyAnswersForTheVip() throws Exception {
    assertNotEquals(0, client("arping", "-c", "1", "-w", "1", "-I", "eth0", VIP).exit,
        "the node's kernel answered ARP for the VIP itself; the lab does not isolate the responder");
  }

  @Test
  @Order(2)
  void arpingGetsTheNodesMacAndPingReachesTheVip() throws Exception {
    command("own " + VIP + " " + VIP6);
    Result arping = client("arping", "-c", "3", "-I", "eth0", VIP);
    assertEquals(0, arping.exit, arping.output);
    assertTrue(arping.output.contains(NODE_MAC), arping.output);
    Result ping = client("ping", "-c", "1", "-W", "2", VIP);
    assertEquals(0, ping.exit, ping.output);
    assertTrue(client("ip", "neigh", "show", VIP, "dev", "eth0").output.contains(NODE_MAC));
  }

  @Test
  @Order(3)
  void theSocketFilterKeepsEverythingButArpAndSolicitationsInTheKernel() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, client("ping", "-c", "1", "-W", "2", VIP).exit);
      assertEquals(0, client("ping", "-6", "-c", "1", "-W", "2", "2001:db8::b").exit);
    }
    String stats = command("stats " + VIP);
    // arping's three requests and the client kernel's own, each answered once
    int requests = Integer.parseInt(stats.replaceAll(".*requests=(\\d+).*", "$1"));
    int responses = Integer.parseInt(stats.replaceAll(".*responses=(\\d+).*", "$1"));
    assertTrue(requests >= 3 && requests == responses, stats);
    // Echo requests and replies never reached Java, nor did our own gratuitous frames.
    for (String reason : List.of("NOT_ARP_OR_NDP=0", "NDP_NOT_SOLICITATION=0", "OWN_FRAME=0")) {
      assertTrue(stats.contains(reason), reason + " in " + stats);
    }
  }

  @Test
  @Order(4)
  void scansTheNodesInterfacesAndSelectsEth0() throws Exception {
    String r = command("interfaces");
    assertTrue(r.contains("selected=[eth0]"), r);
    assertTrue(r.contains("lo=LOOPBACK"), r);
    // SIOCGIFFLAGS adds IFF_RUNNING (0x40) to the configured flags sysfs shows; the scanner's
    // hasLink() must say what that bit says
    int ioctl = Integer.decode(r.replaceAll(".*ioctlFlags=(0x[0-9a-f]+).*", "$1"));
    int sysfs = Integer.decode(r.replaceAll(".*sysfsFlags=(0x[0-9a-f]+).*", "$1"));
    assertEquals(sysfs & 0xffff, ioctl & ~0x40, r);
    assertTrue((ioctl & 0x40) != 0 && r.contains("hasLink=true"), r);
  }

  @Test
  @Order(5)
  void openingAMissingInterfaceNamesTheCallAndTheInterface() throws Exception {
    assertEquals("ok if_nametoindex on nope0: No such device (errno 19)", command("open nope0"));
  }

  @Test
  @Order(6)
  void ndisc6GetsTheNodesMacAndPing6ReachesTheVip() throws Exception {
    Result ndisc = client("ndisc6", "-1", "-r", "3", VIP6, "eth0");
    assertEquals(0, ndisc.exit, ndisc.output);
    assertTrue(ndisc.output.toLowerCase(Locale.ROOT).contains(NODE_MAC), ndisc.output);
    Result ping = client("ping", "-6", "-c", "1", "-W", "2", VIP6);
    assertEquals(0, ping.exit, ping.output);
    assertTrue(client("ip", "-6", "neigh", "show", VIP6, "dev", "eth0").output.contains(NODE_MAC));
    // PACKET_ADD_MEMBERSHIP put the VIP's solicited-node group on the NIC's filter (a veth
    // passes all multicast anyway; a real NIC would drop the solicitations without it)
    assertTrue(nodeMulticast().contains(SOLICITED_NODE_MAC), nodeMulticast());
  }

  @Test
  @Order(7)
  void aTakeoverRewritesTheClientsStaleNeighbourEntries() throws Exception {
    client("ip", "neigh", "replace", VIP, "lladdr", STALE_MAC, "dev", "eth0", "nud", "stale");
    client("ip", "-6", "neigh", "replace", VIP6, "lladdr", STALE_MAC, "dev", "eth0", "nud", "stale");
    command("own");
    long start = System.nanoTime();
    command("own " + VIP + " " + VIP6); // gaining the addresses again sends the gratuitous burst
    assertTrue(awaitNeighbour(VIP, ""), "gratuitous ARP request did not update the client's entry");
    assertTrue(awaitNeighbour(VIP6, "-6"), "unsolicited NA did not update the client's entry");
    // Upper bound: includes the command round trip and the polling of `ip neigh`.
    System.out.printf("takeover: both client entries rewritten within %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Test
  @Order(8)
  void afterReleaseTheVipIsNoLongerAnswered() throws Exception {
    command("own");
    client("ip", "neigh", "flush", "dev", "eth0");
    client("ip", "-6", "neigh", "flush", "dev", "eth0");
    Result arping = client("arping", "-c", "2", "-w", "2", "-I", "eth0", VIP);
    assertNotEquals(0, arping.exit, arping.output);
    Result ndisc = client("ndisc6", "-1", "-r", "2", "-w", "500", VIP6, "eth0");
    assertNotEquals(0, ndisc.exit, ndisc.output);
    assertTrue(!nodeMulticast().contains(SOLICITED_NODE_MAC), nodeMulticast());
  }

  private static String nodeMulticast() {
    return run("ip", "-n", NODE, "maddr", "show", "dev", "eth0").output;
  }

  /** Polls the client's entry for {@code ip} until it shows the node's MAC, for up to 2 s. */
  private static boolean awaitNeighbour(String ip, String family) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      List<String> cmd = new ArrayList<>(List.of("ip"));
      if (!family.isEmpty()) {
        cmd.add(family);
      }
      cmd.addAll(List.of("neigh", "show", ip, "dev", "eth0"));
      if (client(cmd.toArray(String[]::new)).output.contains(NODE_MAC)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static void startNode() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Failsafe may hand the JVM a manifest-only booter jar; its real test class path is here.
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    nodeLog = Files.createTempFile(PREFIX, ".log");
    node = new ProcessBuilder("ip", "netns", "exec", NODE, java, "-cp", cp,
        L2NodeProcess.class.getName(), "eth0").redirectError(nodeLog.toFile()).start();
    nodeIn = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    nodeOut = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String first = nodeOut.readLine();
    assertEquals("ready", first, "the node's responder did not start: " + Files.readString(nodeLog));
  }

  /** Sends one command to the node process and returns its "ok …" answer. */
  private static String command(String line) throws IOException {
    nodeIn.write(line + "\n");
    nodeIn.flush();
    String reply = nodeOut.readLine();
    assertTrue(reply != null && reply.startsWith("ok"), "node answered '" + reply + "' to " + line
        + "; its log: " + Files.readString(nodeLog));
    return reply;
  }

  private record Result(int exit, String output) {
  }

  private static Result client(String... cmd) throws Exception {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", CLIENT));
    full.addAll(List.of(cmd));
    return run(full.toArray(String[]::new));
  }

  private static void sh(String... cmd) {
    Result r = run(cmd);
    if (r.exit != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
    }
  }

  private static Result run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
