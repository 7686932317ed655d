package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A router (AS 64512, 192.0.2.1) and our speaker (AS 64513, 192.0.2.11) in two network namespaces
 * with a unique per-run prefix, joined by a veth pair. The speaker runs as a child JVM started with
 * {@code ip netns exec} ({@link SpeakerProcess}): the simplest way to put a Java socket in a
 * namespace without native code, and it is stopped by its own Process handle. Subclasses start the router
 * and say how to read its RIB; the scenario is the same for every router.
 */
@Tag("netns")
abstract class RouterLab {
  String router;
  String node;
  Path dir;
  final List<Process> routerProcesses = new ArrayList<>();
  SpeakerProcess speaker;

  /** Binaries the router needs, as Debian installs them. */
  abstract List<String> routerBinaries();

  abstract void startRouter() throws IOException;

  /** True once the router reports the session with 192.0.2.11 as established. */
  abstract boolean routerSessionEstablished();

  /** The router's view of one prefix, as text; contains the prefix when it has a route. */
  abstract String routerRoute(String prefix);

  /** How the router prints community 64512:100 and large community 64513:1:2 in that view. */
  abstract List<String> expectedAttributeText();

  @BeforeEach
  void labUp() throws IOException {
    Assumptions.assumeTrue(Netns.isRoot(), "network namespaces need root");
    for (String b : routerBinaries()) {
      Assumptions.assumeTrue(Netns.hasBinary(b), "needs " + b + " (Debian packages iproute2 bird2 frr gobgpd)");
    }
    String prefix = "bgpit" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    router = prefix + "r";
    node = prefix + "n";
    dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Runtime.getRuntime().addShutdownHook(new Thread(this::labDown));
    Netns.pair(router, "1", node, "11");
  }

  @AfterEach
  synchronized void labDown() {
    if (speaker != null) {
      speaker.close();
    }
    routerProcesses.forEach(Process::destroy);
    Netns.deleteNamespaces(router, node);
    Netns.deleteTree(dir);
  }

  Process startInRouterNs(String logName, String... command) throws IOException {
    Process p = new ProcessBuilder(Netns.inNs(router, command)).redirectErrorStream(true)
        .redirectOutput(dir.resolve(logName).toFile()).start();
    routerProcesses.add(p);
    return p;
  }

  /** Runs a command in the router's namespace; empty output when it fails (daemon not ready yet). */
  String inRouter(String... command) {
    try {
      return Netns.run(Netns.inNs(router, command).toArray(String[]::new));
    } catch (IllegalStateException e) {
      return "";
    }
  }

  @Test
  void routerLearnsOurRoutesWithCommunitiesAndLosesThemOnWithdrawWithoutSessionReset() throws Exception {
    startRouter();
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11");
    speaker.expect("UP", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), this::routerSessionEstablished), "router reports the session up");

    speaker.tell("advertise 203.0.113.10/32 community=64512:100 large=64513:1:2");
    speaker.tell("advertise 2001:db8:100::a/128 community=64512:100");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> routerRoute("203.0.113.10/32").contains("203.0.113.10")),
        () -> "router has no route 203.0.113.10/32: " + routerRoute("203.0.113.10/32"));
    String v4 = routerRoute("203.0.113.10/32");
    for (String text : expectedAttributeText()) {
      assertTrue(v4.contains(text), "'" + text + "' in " + v4);
    }
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> routerRoute("2001:db8:100::a/128").contains("2001:db8:100::a")),
        () -> "router has no IPv6 route: " + routerRoute("2001:db8:100::a/128"));
    routeInstalled();

    speaker.tell("advertise 203.0.113.11/32 community=64512:200");
    speaker.tell("withdraw 203.0.113.10/32");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !routerRoute("203.0.113.10/32").contains("203.0.113.10")),
        () -> "withdrawn route still there: " + routerRoute("203.0.113.10/32"));
    assertTrue(routerRoute("203.0.113.11/32").contains("203.0.113.11"), routerRoute("203.0.113.11/32"));

    assertEquals(1, speaker.count("UP"), "one session for all the changes: " + speaker.log());
    assertEquals(0, speaker.count("DOWN"), "no session reset: " + speaker.log());

    speaker.send("shutdown");
    speaker.expect("STOPPED", Duration.ofSeconds(15));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !routerRoute("203.0.113.11/32").contains("203.0.113.11")),
        "our routes are gone after the shutdown");
    afterShutdown();
  }

  /** Router-specific checks once 203.0.113.10/32 is in its RIB (its kernel table, say). */
  void routeInstalled() throws InterruptedException {
  }

  /** Router-specific checks after our graceful shutdown. */
  void afterShutdown() {
  }
}
