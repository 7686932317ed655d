package io.baremetallb.localcluster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lab's own test: a 3-node lab, a VIP put on node2 by hand, curl from the client, and proof that
 * node2's kernel never answers ARP or NDP for the VIP (the announcer must be the only one).
 */
@Tag("netns")
class LabNetnsIT {
  private static final String VIP4 = "192.0.2.100";
  private static final String VIP6 = "2001:db8:0:1::100";

  @BeforeAll
  static void needsRoot() {
    assumeTrue(Lab.whyUnavailable().isEmpty(), () -> "skipped: " + Lab.whyUnavailable().orElse(""));
    for (String tool : List.of("curl", "arping", "ndisc6")) {
      assumeTrue(Commands.run(List.of("sh", "-c", "command -v " + tool), Map.of(), null, Duration.ofSeconds(5)).ok(),
          () -> "skipped: the lab test needs '" + tool + "'");
    }
  }

  @Test
  void vipPlacedByHandOnNode2IsServedByNode2AndNeverAnsweredByItsKernel() {
    String prefix = Lab.uniquePrefix();
    try (Lab lab = Lab.up(prefix, 3)) {
      LabHost node2 = lab.topology().node(2);
      assertEquals(node2.mac(), lab.exec("node2", "cat", "/sys/class/net/eth0/address").orThrow().stdout().strip(),
          "lab.sh and LabTopology disagree on node2's MAC");
      lab.vipAdd("node2", VIP4);
      lab.vipAdd("node2", VIP6);
      lab.podStart("node2", "node2-1", 80);
      // Nothing answers ARP/NDP for a VIP yet (that is the announcer's job), so point the client at node2.
      lab.exec("client", "ip", "neigh", "replace", VIP4, "lladdr", node2.mac(), "dev", "eth0", "nud", "permanent").orThrow();
      lab.exec("client", "ip", "-6", "neigh", "replace", VIP6, "lladdr", node2.mac(), "dev", "eth0", "nud", "permanent").orThrow();

      assertEquals("Hello MyApp | Pod: node2-1\n", curl(lab, "http://" + VIP4 + "/"));
      assertEquals("Hello MyApp | Pod: node2-1\n", curl(lab, "http://[" + VIP6 + "]/"));

      assertEquals(Optional.of(node2.mac()), lab.neighbourMac("client", VIP4));

      lab.linkDown("node2");
      assertFalse(lab.exec("client", "curl", "-sS", "-m", "2", "http://" + VIP4 + "/").ok(), "node2's cable is pulled");
      lab.linkUp("node2");
      assertEquals("Hello MyApp | Pod: node2-1\n", curl(lab, "http://" + VIP4 + "/"));

      assertTrue(arping(lab, node2.ipv4()), "control: node2 answers ARP for its own address");
      assertFalse(arping(lab, VIP4), "node2's kernel answered ARP for the VIP " + VIP4);
      assertTrue(solicit(lab, node2.ipv6()), "control: node2 answers NS for its own address");
      assertFalse(solicit(lab, VIP6), "node2's kernel answered NS for the VIP " + VIP6);
    } finally {
      assertEquals(List.of(), namespacesWith(prefix), "namespaces left behind");
    }
  }

  /**
   * The other way a kernel can announce a VIP: its own ARP requests. When node2 talks from the VIP,
   * it must name eth0's address as ARP sender (arp_announce=2), or every client that knows the VIP
   * is pulled back to node2. The control turns arp_announce off and sees exactly that happen.
   */
  @Test
  void traffickingFromTheVipDoesNotRepointClientsAtTheNode() throws InterruptedException {
    String prefix = Lab.uniquePrefix();
    try (Lab lab = Lab.up(prefix, 3)) {
      LabHost node3 = lab.topology().node(3);
      lab.vipAdd("node2", VIP4);
      lab.vipAdd("node2", VIP6);
      assertEquals(node3.mac(), clientLearnsAfterNode2Talks(lab, node3, VIP4, "-4"));
      assertEquals(node3.mac(), clientLearnsAfterNode2Talks(lab, node3, VIP6, "-6"));

      lab.exec("node2", "sysctl", "-qw", "net.ipv4.conf.all.arp_announce=0", "net.ipv4.conf.eth0.arp_announce=0").orThrow();
      assertEquals(lab.topology().node(2).mac(), clientLearnsAfterNode2Talks(lab, node3, VIP4, "-4"),
          "control: without arp_announce=2 node2's ARP request names the VIP and the client follows it");
    } finally {
      assertEquals(List.of(), namespacesWith(prefix), "namespaces left behind");
    }
  }

  /** The client believes the VIP is on node3; node2 pings the client from the VIP; what does the client believe then? */
  private static String clientLearnsAfterNode2Talks(Lab lab, LabHost believed, String vip, String family)
      throws InterruptedException {
    lab.exec("client", "ip", family, "neigh", "replace", vip, "lladdr", believed.mac(), "dev", "eth0", "nud", "reachable").orThrow();
    lab.exec("node2", "ip", family, "neigh", "flush", "dev", "eth0").orThrow();
    // The kernel ignores ARP that would change an entry updated less than locktime (1 s) ago.
    Thread.sleep(1200);
    LabHost client = lab.topology().client();
    lab.exec("node2", "ping", family, "-c", "1", "-W", "1", "-I", vip, family.equals("-4") ? client.ipv4() : client.ipv6());
    return lab.neighbourMac("client", vip).orElse("no entry");
  }

  @Test
  void upAndDownAreSafeToRunTwice() {
    String prefix = Lab.uniquePrefix();
    try (Lab lab = Lab.up(prefix, 2); Lab again = Lab.up(prefix, 2)) {
      assertEquals(List.of(prefix + "br", prefix + "client", prefix + "node1", prefix + "node2", prefix + "router"),
          namespacesWith(prefix));
      again.close();
      assertEquals(List.of(), namespacesWith(prefix));
      assertTrue(lab.status().contains("down"), lab.status());
    } finally {
      assertEquals(List.of(), namespacesWith(prefix), "namespaces left behind");
    }
  }

  @Test
  void aStepThatFailsHalfWayLeavesNothingBehind() {
    String prefix = Lab.uniquePrefix();
    try {
      // A node2 namespace whose eth0 is no veth: up gets half-way and then cannot attach node2.
      run("ip", "netns", "add", prefix + "node2");
      run("ip", "-n", prefix + "node2", "link", "add", "eth0", "type", "bridge");
      LabException e = assertThrows(LabException.class, () -> Lab.up(prefix, 3).close());
      assertTrue(e.getMessage().contains("up failed"), e.getMessage());
    } finally {
      List<String> left = namespacesWith(prefix);
      left.forEach(ns -> run("ip", "netns", "del", ns));
      assertEquals(List.of(), left, "namespaces left behind by a failed up");
    }
  }

  @Test
  void aTestThatFailsInsideTheLabStillTearsItDown() {
    String prefix = Lab.uniquePrefix();
    try (Lab lab = Lab.up(prefix, 1)) {
      lab.podStart("node1", "node1-1", 8080);
      assertThrows(LabException.class, () -> lab.vipAdd("node1", "10.0.0.1"));
      throw new IllegalStateException("a step failed half-way");
    } catch (IllegalStateException expected) {
      assertEquals("a step failed half-way", expected.getMessage());
    } finally {
      assertEquals(List.of(), namespacesWith(prefix), "namespaces left behind");
    }
    assertFalse(Commands.run(List.of("pgrep", "-f", "names /run/bmlb-lab/" + prefix + "/"), Map.of(), null,
        Duration.ofSeconds(5)).ok(), "the pod server outlived its lab");
  }

  /**
   * Registers nodes node1..node3 and places pods in an API server: the one of
   * {@code -Dbmlb.lab.kubeconfig=FILE} or {@code BMLB_LAB_KUBECONFIG=FILE} if given, else a fresh
   * embedded one ({@link LocalCluster}).
   */
  @Test
  void registersNodesAndPlacesPodsInTheApiServer() {
    assumeTrue(Commands.run(List.of("sh", "-c", "command -v kubectl"), Map.of(), null, Duration.ofSeconds(5)).ok(),
        "skipped: registration writes through kubectl, which is not installed");
    Optional<Path> given = Optional.ofNullable(System.getProperty("bmlb.lab.kubeconfig",
        System.getenv("BMLB_LAB_KUBECONFIG"))).map(Path::of);
    if (given.isPresent()) {
      registersAndPlaces(given.get());
    } else {
      try (LocalCluster cluster = LocalCluster.start()) {
        registersAndPlaces(cluster.kubeconfig());
      }
    }
  }

  private static void registersAndPlaces(Path kc) {
    String prefix = Lab.uniquePrefix();
    String ns = "lab-" + prefix.substring(1, 7);
    try (Lab lab = Lab.up(prefix, 3)) {
      // Through apply (JSON), as the lab writes everything.
      new Kubectl("kubectl", kc).apply(List.of(new V1Namespace().apiVersion("v1").kind("Namespace")
          .metadata(new V1ObjectMeta().name(ns))));
      lab.register(kc);
      assertEquals("192.0.2.12 2001:db8:0:1::12",
          kubectl(kc, "get", "node", "node2", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}"));
      assertEquals("linux", kubectl(kc, "get", "node", "node2", "-o", "jsonpath={.metadata.labels.kubernetes\\.io/os}"));

      lab.place(kc, ns, "myapp-svc", 80, "node2", "node2", "node3");
      assertEquals("Running Running Running", kubectl(kc, "get", "pods", "-n", ns, "-o", "jsonpath={.items[*].status.phase}"));
      assertEquals("node2 node2 node3", kubectl(kc, "get", "endpointslice", "myapp-svc-lab-ipv4", "-n", ns,
          "-o", "jsonpath={.endpoints[*].nodeName}"));
      assertEquals("true true true", kubectl(kc, "get", "endpointslice", "myapp-svc-lab-ipv6", "-n", ns,
          "-o", "jsonpath={.endpoints[*].conditions.ready}"));
      assertEquals("Hello MyApp | Pod: node3-1\n", curl(lab, "http://192.0.2.13/"));

      lab.place(kc, ns, "myapp-svc", 80, "node1");
      assertEquals("myapp-svc-node1-1", kubectl(kc, "get", "pods", "-n", ns, "-o", "jsonpath={.items[*].metadata.name}"));
      assertEquals("Hello MyApp | Pod: node1-1\n", curl(lab, "http://192.0.2.11/"));
      assertFalse(lab.exec("client", "curl", "-sS", "-m", "5", "http://192.0.2.13/").ok(), "node3's pod was not stopped");
    } finally {
      Commands.run(List.of("kubectl", "--kubeconfig", kc.toString(), "delete", "namespace", ns, "--wait=false"),
          Map.of(), null, Duration.ofSeconds(30));
      Commands.run(List.of("kubectl", "--kubeconfig", kc.toString(), "delete", "node", "node1", "node2", "node3",
          "--ignore-not-found"), Map.of(), null, Duration.ofSeconds(30));
      assertEquals(List.of(), namespacesWith(prefix), "namespaces left behind");
    }
  }

  private static String kubectl(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Commands.run(command, Map.of(), null, Duration.ofSeconds(30)).orThrow().stdout().strip();
  }

  private static String curl(Lab lab, String url) {
    return lab.exec("client", "curl", "-sS", "-m", "5", url).orThrow().stdout();
  }

  private static boolean arping(Lab lab, String ip) {
    return lab.exec("client", "arping", "-c", "2", "-w", "2", "-i", "eth0", ip).ok();
  }

  private static boolean solicit(Lab lab, String ip) {
    return lab.exec("client", "ndisc6", "-r", "2", "-w", "500", ip, "eth0").ok();
  }

  private static List<String> namespacesWith(String prefix) {
    String list = run("ip", "netns", "list").stdout();
    return Arrays.stream(list.split("\n")).map(line -> line.split(" ")[0])
        .filter(ns -> ns.startsWith(prefix)).sorted().toList();
  }

  private static ExecResult run(String... cmd) {
    return Commands.run(List.of(cmd), Map.of(), null, Duration.ofSeconds(30)).orThrow();
  }
}
