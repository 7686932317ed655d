package it.io.baremetallb.announcer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.baremetallb.localcluster.lab.ExecResult;
import io.baremetallb.localcluster.lab.Lab;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The announcer as it ships: the WAR on Open Liberty, one server inside each node namespace of a lab
 * of three nodes (started by announcer-service/lab/lab-announcers.sh, as the DaemonSet runs one per
 * node with hostNetwork), talking to the embedded API server of this JVM. The client namespace's
 * kernel and tools judge: arping, ndisc6, curl, ping; the cluster shows ServiceL2Status objects and
 * events. The Services' ingress IPs are written here, as the IPAM service would.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnouncersOnLibertyNetnsIT {
  private static final Path SCRIPT = Path.of("lab/lab-announcers.sh").toAbsolutePath();
  private static final Path CRDS = Path.of("../helm/baremetal-lb/crds").toAbsolutePath();
  private static final String WEB = "192.0.2.100";
  private static final String WEB6 = "2001:db8:0:1::100";
  private static final String LOCAL = "192.0.2.101";
  private static final String NOBODY = "192.0.2.102";
  private static final String ROUTED = "203.0.113.5";
  private static Path birdDir;
  private static final List<String> NODES = List.of("node1", "node2", "node3");
  private static Lab lab;
  private static LocalCluster cluster;
  private static CoreV1Api core;
  private static String prefix;

  @BeforeAll
  static void up() throws Exception {
    Optional<String> why = Lab.whyUnavailable();
    assumeTrue(why.isEmpty(), () -> why.orElse(""));
    for (String tool : List.of("kubectl", "socat", "arping", "ndisc6", "curl", "nsenter")) {
      assumeTrue(onPath(tool), tool + " is not installed (see .ci/packages)");
    }
    assumeTrue(Files.isDirectory(Path.of("target/liberty/wlp/usr/servers/announcer")),
        "the announcer's Liberty server is created by the build's pre-integration-test phase");
    prefix = Lab.uniquePrefix();
    lab = Lab.up(prefix, 3);
    cluster = LocalCluster.start();
    core = new CoreV1Api(cluster.apiClient());
    lab.register(cluster.kubeconfig());
    kubectl("apply", "-f", CRDS.toString());
    Path config = Files.createTempFile("announcer-it", ".yaml");
    Files.writeString(config, """
        apiVersion: v1
        kind: Namespace
        metadata: {name: metallb-system}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: memberlist, namespace: metallb-system}
        data: {secretkey: "YW5ub3VuY2Vycy1vbi1saWJlcnR5LWl0"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: config, namespace: metallb-system}
        data:
          config: |
            peers:
            - peer-address: 192.0.2.1
              peer-asn: 64512
              my-asn: 64513
              bfd-profile: lab
            bfd-profiles:
            - name: lab
              receive-interval: 300
              transmit-interval: 300
              detect-multiplier: 3
            address-pools:
            - name: my-ip-space
              protocol: layer2
              addresses: [192.0.2.100-192.0.2.109, '2001:db8:0:1::100-2001:db8:0:1::10f']
            - name: routed
              protocol: bgp
              addresses: [203.0.113.0/28]
        """);
    kubectl("apply", "-f", config.toString());
    Files.delete(config);
    for (String node : NODES) {
      for (String vip : List.of(WEB, WEB6, LOCAL, ROUTED)) {
        lab.vipAdd(node, vip);
      }
    }
    service("web", "Cluster", WEB, 80);
    service("web6", "Cluster", WEB6, 80);
    service("local", "Local", LOCAL, 8080);
    service("routed", "Cluster", ROUTED, 80);
    startBird();
    lab.place(cluster.kubeconfig(), "default", "web", 80, "node1", "node2", "node3");
    lab.place(cluster.kubeconfig(), "default", "local", 8080, "node2");
    script("start", "--kubeconfig", cluster.kubeconfig().toString(), "--api-pid",
        Long.toString(ProcessHandle.current().pid()));
  }

  /** BIRD 2 as the router (LAB-NOTES' configuration): eBGP with each node, ECMP into its kernel table. */
  private static void startBird() throws IOException {
    assumeTrue(onPath("bird") && onPath("birdc"), "BIRD 2 is not installed (Debian package bird2)");
    birdDir = Files.createTempDirectory("announcer-it-bird");
    StringBuilder conf = new StringBuilder("""
        router id 192.0.2.1;
        protocol device {}
        protocol kernel { ipv4 { import none; export all; }; merge paths on; }
        template bgp node { local 192.0.2.1 as 64512; ipv4 { import all; export none; };
          hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;
          graceful restart off; bfd on; }
        protocol bfd { interface "*" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; }; }
        """);
    for (String n : NODES) {
      conf.append("protocol bgp ").append(n).append(" from node { neighbor 192.0.2.")
          .append(10 + Integer.parseInt(n.substring(4))).append(" as 64513; }\n");
    }
    Files.writeString(birdDir.resolve("bird.conf"), conf.toString());
    lab.start("router", birdDir.resolve("bird.log"), "bird", "-f", "-c", birdDir.resolve("bird.conf").toString(),
        "-s", birdDir.resolve("bird.ctl").toString(), "-P", birdDir.resolve("bird.pid").toString());
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      try {
        script("stop");
      } catch (RuntimeException e) {
        System.err.println("stopping the announcers: " + e.getMessage());
      }
      lab.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    it.io.baremetallb.announcer.bgp.Netns.deleteTree(birdDir); // after lab.close() stopped BIRD
  }

  private static void service(String name, String policy, String ip, int port) throws Exception {
    V1Service s = core.createNamespacedService("default", new V1Service().metadata(new V1ObjectMeta().name(name))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy(policy).selector(Map.of("app", name))
            .ports(List.of(new V1ServicePort().port(port))))).execute();
    s.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
        .ingress(List.of(new V1LoadBalancerIngress().ip(ip)))));
    core.replaceNamespacedServiceStatus(name, "default", s).execute();
  }

  @Test
  @Order(1)
  void everyAnnouncerIsReadyAndTheyFormOneMembership() {
    for (String node : NODES) {
      String ready = lab.exec(node, "curl", "-s", "-m", "5", "http://127.0.0.1:9280/health/ready").stdout();
      assertTrue(ready.contains("\"status\":\"UP\"") && ready.contains("\"membershipJoined\":true"), node + ": " + ready);
      await(Duration.ofSeconds(20), node + " sees three members", () -> members(node) == 3);
    }
  }

  @Test
  @Order(2)
  void exactlyOneNodeAnswersForEachIpAndTheClientsKernelLearnsItsMac() {
    String owner = await(Duration.ofSeconds(20), "one owner of " + WEB, () -> owner(WEB));
    ExecResult arping = lab.exec("client", "arping", "-c", "3", "-I", "eth0", WEB);
    assertEquals(List.of(mac(owner)), macs(arping.stdout()), arping.stdout());
    String owner6 = await(Duration.ofSeconds(20), "one owner of " + WEB6, () -> owner(WEB6));
    ExecResult ndisc = lab.exec("client", "ndisc6", "-r", "3", "-w", "500", WEB6, "eth0");
    assertTrue(ndisc.stdout().toLowerCase().contains(mac(owner6)), ndisc.stdout());
    assertTrue(lab.exec("client", "ping", "-6", "-c", "2", "-W", "2", WEB6).ok(), "ping -6 " + WEB6);
  }

  @Test
  @Order(3)
  void curlFromTheClientReachesAPodOnTheOwner() {
    String owner = owner(WEB).orElseThrow();
    ExecResult curl = lab.exec("client", "curl", "-s", "-m", "5", "http://" + WEB + "/");
    assertTrue(curl.stdout().contains("Pod: " + owner + "-"), "answered by " + curl.stdout() + ", owner " + owner);
  }

  @Test
  @Order(3)
  void theScriptNamesTheOwnerAndSaysWhenThereIsNone() {
    String owner = owner(WEB).orElseThrow();
    assertEquals(List.of("0", owner), scriptResult("owner", WEB));
    assertEquals(List.of("1", ""), scriptResult("owner", "203.0.113.254"), "an address nobody owns");
  }

  @Test
  @Order(4)
  void theClusterShowsWhoAnnouncesAServiceL2StatusAndANodeAssignedEvent() throws Exception {
    String owner = owner(WEB).orElseThrow();
    String status = await(Duration.ofSeconds(20), "a ServiceL2Status for web", () -> {
      try {
        Object list = new CustomObjectsApi(cluster.apiClient()).listNamespacedCustomObject("metallb.io", "v1beta1",
            "metallb-system", "servicel2statuses").labelSelector("metallb.io/service-name=web").execute();
        String s = String.valueOf(list);
        return s.contains("node=" + owner) && s.contains("interfaces=[{name=eth0}]") ? Optional.of(s) : Optional.empty();
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return Optional.empty();
      }
    });
    assertTrue(status.contains("serviceNamespace=default"), status);
    List<CoreV1Event> events = core.listNamespacedEvent("default").execute().getItems();
    assertTrue(events.stream().anyMatch(e -> "nodeAssigned".equals(e.getReason())
        && "web".equals(e.getInvolvedObject().getName()) && e.getMessage().contains("\"" + owner + "\"")),
        "no nodeAssigned event for web naming " + owner);
  }

  @Test
  @Order(5)
  void withTrafficPolicyLocalTheOwnerRunsAPodAndTheAnnouncementFollowsThePods() throws Exception {
    assertEquals("node2", await(Duration.ofSeconds(20), "node2 owns " + LOCAL,
        () -> owner(LOCAL).filter("node2"::equals)));
    // the client asks for the IP every 20 ms while it moves between two live nodes (the handover)
    Path log = Files.createTempFile("arping-local", ".txt");
    Process arping = lab.start("client", log, "arping", "-u", "-W", "0.02", "-I", "eth0", LOCAL);
    try {
      lab.place(cluster.kubeconfig(), "default", "local", 8080, "node3");
      await(Duration.ofSeconds(20), "the announcement of " + LOCAL + " moves to node3",
          () -> owner(LOCAL).filter("node3"::equals));
      sleep(500);
    } finally {
      arping.destroy();
      arping.onExit().get(5, TimeUnit.SECONDS);
    }
    String answers = Files.readString(log);
    Files.delete(log);
    assertTrue(macs(answers).containsAll(List.of(mac("node2"), mac("node3"))), "answered before and after: " + answers);
    Map<String, Set<String>> byRequest = macsByRequest(answers);
    assertTrue(byRequest.size() > 10, "arping's answers were read: " + answers);
    assertEquals(List.of(), byRequest.values().stream().filter(m -> m.size() > 1).toList(),
        "one MAC per ARP request during the move");
    ExecResult curl = lab.exec("client", "curl", "-s", "-m", "5", "--retry", "5", "--retry-all-errors",
        "http://" + LOCAL + ":8080/");
    assertTrue(curl.stdout().contains("Pod: node3-"), curl.stdout());
  }

  @Test
  @Order(6)
  void anIpNobodyMayAnnounceIsExplainedOnTheService() throws Exception {
    service("orphan", "Local", NOBODY, 9090); // Local, and no pod anywhere
    await(Duration.ofSeconds(20), "a notAnnounced warning on orphan", () -> {
      try {
        return core.listNamespacedEvent("default").execute().getItems().stream()
            .filter(e -> "notAnnounced".equals(e.getReason()) && "orphan".equals(e.getInvolvedObject().getName()))
            .filter(e -> "Warning".equals(e.getType()) && e.getMessage().contains(
                "externalTrafficPolicy is Local and no selected node has a ready endpoint"))
            .findFirst();
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return Optional.empty();
      }
    });
    ExecResult arping = lab.exec("client", "arping", "-c", "2", "-w", "2", "-I", "eth0", NOBODY);
    assertEquals(List.of(), macs(arping.stdout()), "nobody answers for " + NOBODY);
  }

  @Test
  @Order(7)
  void theOwnersLayer2MetricsCountWhatItAnswered() {
    String owner = owner(WEB).orElseThrow();
    String metrics = awaitMetrics(owner, "metrics of " + WEB,
        m -> m.contains("metallb_layer2_responses_sent{ip=\"" + WEB + "\""));
    assertTrue(metrics.contains("metallb_layer2_gratuitous_sent{ip=\"" + WEB + "\""), "no gratuitous counter");
    assertTrue(metrics.contains("baremetallb_membership_members"), "no membership size");
  }

  @Test
  @Order(8)
  void everyNodeAdvertisesABgpPoolsServiceToTheRouterWhichSpreadsItOverAllThree() throws Exception {
    String route;
    try {
      route = await(Duration.ofSeconds(30), "three next hops for " + ROUTED + " in the router's kernel", () -> {
        String r = lab.exec("router", "ip", "route", "show", ROUTED).stdout();
        return NODES.stream().allMatch(n -> r.contains("via 192.0.2." + (10 + Integer.parseInt(n.substring(4)))))
            ? Optional.of(r) : Optional.empty();
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nBIRD: " + birdc("show", "protocols", "all") + "\nnode1: " + layer2("node1")
          + "\nnode1's log: " + tail(Path.of("/run/bmlb-lab", prefix, "announcers", "node1.liberty.log")), e);
    }
    assertTrue(route.contains("nexthop"), route);
    String bird = birdc("show", "protocols");
    assertEquals(3, bird.split("Established", -1).length - 1, bird);
    assertTrue(lab.exec("client", "curl", "-s", "-m", "5", "http://" + ROUTED + "/").ok(), "curl through the router");
    String statuses = String.valueOf(new CustomObjectsApi(cluster.apiClient()).listNamespacedCustomObject("metallb.io",
        "v1beta1", "metallb-system", "servicebgpstatuses").labelSelector("metallb.io/service-name=routed").execute());
    for (String n : NODES) {
      assertTrue(statuses.contains("node=" + n), "no ServiceBGPStatus of " + n + ": " + statuses);
    }
    assertTrue(layer2("node1").contains("\"bgp\":{\"sessions\":{"), layer2("node1"));
    String metrics = awaitMetrics("node1", "metallb_bgp_session_up on node1",
        Pattern.compile("(?m)^metallb_bgp_session_up\\{[^}]*peer=\"[^\"]+\"[^}]*} 1").asPredicate());
    assertTrue(metrics.contains("metallb_bgp_announced_prefixes_total{"), "no metallb_bgp_announced_prefixes_total");
  }

  @Test
  @Order(9)
  void theBfdProfileOfTheLegacyConfigRunsBfdWithTheRouterFromEveryNode() {
    await(Duration.ofSeconds(20), "three BFD sessions up in BIRD", () -> {
      String b = birdc("show", "bfd", "sessions");
      return b.lines().filter(l -> l.matches(".*\\sUp\\s.*")).count() == 3 ? Optional.of(b) : Optional.empty();
    });
    awaitMetrics("node1", "metallb_bfd_session_up on node1",
        Pattern.compile("(?m)^metallb_bfd_session_up\\{[^}]*peer=\"192\\.0\\.2\\.1\"[^}]*} 1").asPredicate());
  }

  @Test
  @Order(10)
  void whenTheOwnersLinkGoesDownAnotherNodeAnswersAndKeepsTheIpWhenItReturns() {
    String owner = owner(WEB).orElseThrow();
    lab.linkDown(owner);
    try {
      String next = await(Duration.ofSeconds(10), "another node owns " + WEB,
          () -> NODES.stream().filter(n -> !n.equals(owner)).filter(n -> ownedBy(n).contains(WEB)).findFirst());
      ExecResult arping = lab.exec("client", "arping", "-c", "3", "-I", "eth0", WEB);
      assertEquals(List.of(mac(next)), macs(arping.stdout()), arping.stdout());
      assertTrue(lab.exec("client", "curl", "-s", "-m", "5", "http://" + WEB + "/").stdout().contains("Pod: " + next + "-"));
      // BFD (0.9 s) notices before the BGP hold time (3 s) runs out
      await(Duration.ofSeconds(10), "BIRD closes its session with " + owner + " on BFD's word", () -> {
        String p = birdc("show", "protocols", "all", owner);
        return p.contains("BFD session down") ? Optional.of(p) : Optional.empty();
      });
      lab.linkUp(owner);
      await(Duration.ofSeconds(20), owner + " rejoins", () -> members(owner) == 3 && members(next) == 3);
      sleep(2000);
      assertEquals(Optional.of(next), owner(WEB), () -> "a returning node takes nothing from a healthy owner\n"
          + agreementLog());
      ExecResult again = lab.exec("client", "arping", "-c", "3", "-I", "eth0", WEB);
      assertEquals(List.of(mac(next)), macs(again.stdout()), "only the owner answers: " + again.stdout());
    } finally {
      lab.linkUp(owner);
    }
  }

  @Test
  @Order(11)
  void deletingTheServiceStopsEveryAnswerAndRemovesItsStatus() throws Exception {
    core.deleteNamespacedService("web", "default").execute();
    await(Duration.ofSeconds(20), "nobody owns " + WEB, () -> owner(WEB).isEmpty() && NODES.stream()
        .noneMatch(n -> ownedBy(n).contains(WEB)) ? Optional.of(true) : Optional.empty());
    ExecResult arping = lab.exec("client", "arping", "-c", "2", "-w", "2", "-I", "eth0", WEB);
    assertEquals(List.of(), macs(arping.stdout()), arping.stdout());
    await(Duration.ofSeconds(20), "web's ServiceL2Status is gone", () -> {
      try {
        String s = String.valueOf(new CustomObjectsApi(cluster.apiClient()).listNamespacedCustomObject("metallb.io",
            "v1beta1", "metallb-system", "servicel2statuses").labelSelector("metallb.io/service-name=web").execute());
        return s.contains("items=[]") ? Optional.of(true) : Optional.empty();
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return Optional.empty();
      }
    });
  }

  // ------------------------------------------------------------------ helpers

  private static String layer2(String node) {
    return lab.exec(node, "curl", "-s", "-m", "5", "http://127.0.0.1:9280/api/v1/layer2").stdout();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  /**
   * Every node's views and plans, from its server's messages.log (the console log has no INFO
   * lines): what to read when ownership went wrong.
   */
  private static String agreementLog() {
    StringBuilder out = new StringBuilder();
    for (String n : NODES) {
      out.append(n).append(":\n");
      try {
        Files.readAllLines(Path.of("target/liberty/wlp/usr/servers", prefix + n, "logs", "messages.log")).stream()
            .filter(l -> l.contains("event=view") || l.contains("published plan"))
            .forEach(l -> out.append("  ").append(l).append('\n'));
      } catch (IOException e) {
        out.append("  (").append(e).append(")\n");
      }
    }
    return out.toString();
  }

  /** The node announcer's /metrics once {@code ready} holds for them (within 10 s). */
  private static String awaitMetrics(String node, String what, Predicate<String> ready) {
    return await(Duration.ofSeconds(10), what, () -> {
      String m = lab.exec(node, "curl", "-s", "-m", "5", "http://127.0.0.1:9280/metrics").stdout();
      return ready.test(m) ? Optional.of(m) : Optional.empty();
    });
  }

  private static String birdc(String... command) {
    List<String> args = new ArrayList<>(List.of("birdc", "-s", birdDir.resolve("bird.ctl").toString()));
    args.addAll(List.of(command));
    return lab.exec("router", args.toArray(String[]::new)).stdout();
  }

  private static int members(String node) {
    Matcher m = Pattern.compile("\"members\":\\[([^]]*)]").matcher(layer2(node));
    return m.find() && !m.group(1).isEmpty() ? m.group(1).split(",").length : 0;
  }

  private static String ownedBy(String node) {
    Matcher m = Pattern.compile("\"owned\":\\[([^]]*)]").matcher(layer2(node));
    return m.find() ? m.group(1) : "";
  }

  /** The one node that owns {@code ip}; empty when none or more than one do. */
  private static Optional<String> owner(String ip) {
    List<String> owners = NODES.stream().filter(n -> ownedBy(n).contains("\"" + ip + "\"")).toList();
    return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
  }

  private static String mac(String node) {
    return String.format("02:00:00:00:00:%02d", 10 + Integer.parseInt(node.substring(4)));
  }

  /** In {@code arping -u} output ("60 bytes from MAC (IP): index=R/S ..."): the MACs that answered each request S. */
  private static Map<String, Set<String>> macsByRequest(String arping) {
    Map<String, Set<String>> out = new HashMap<>();
    Matcher m = Pattern.compile("bytes from ([0-9a-f:]{17}) .*index=\\d+/(\\d+)").matcher(arping);
    while (m.find()) {
      out.computeIfAbsent(m.group(2), k -> new HashSet<>()).add(m.group(1));
    }
    return out;
  }

  /** The distinct MACs in arping's "60 bytes from MAC (IP)" lines. */
  private static List<String> macs(String arping) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("bytes from ([0-9a-f:]{17})").matcher(arping);
    while (m.find()) {
      if (!out.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static <T> T await(Duration timeout, String what, Supplier<Optional<T>> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = condition.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
      }
      sleep(200);
    }
  }

  private static boolean await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    return await(timeout, what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void script(String... args) {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "--prefix", prefix));
    cmd.addAll(List.of(args));
    try {
      run(cmd);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The script's exit code and its standard output, trimmed (standard error is left out). */
  private static List<String> scriptResult(String... args) {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "--prefix", prefix));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not end");
      }
      return List.of(Integer.toString(p.exitValue()), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
