package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our speaker against BIRD 2 (LAB-NOTES config, short timers, routes exported to the kernel). */
class BgpBirdNetnsIT extends RouterLab {
  @Override
  List<String> routerBinaries() {
    return List.of("ip", "bird", "birdc");
  }

  @Override
  void startRouter() throws IOException {
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        "protocol kernel { ipv4 { import none; export all; }; merge paths on; }",
        "protocol kernel { ipv6 { import none; export all; }; merge paths on; }",
        "protocol bgp node1 { local 192.0.2.1 as 64512; neighbor 192.0.2.11 as 64513;",
        "  ipv4 { import all; export none; }; ipv6 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }", ""));
    startInRouterNs("bird.log", "bird", "-f", "-c", conf.toString(), "-s", ctl(), "-P", dir.resolve("bird.pid").toString());
  }

  String ctl() {
    return dir.resolve("bird.ctl").toString();
  }

  String birdc(String... command) {
    return BirdLab.birdcAt(ctl(), command);
  }

  @Override
  boolean routerSessionEstablished() {
    return birdc("show", "protocols", "node1").contains("Established");
  }

  @Override
  String routerRoute(String prefix) {
    return birdc("show", "route", "all", "for", prefix);
  }

  @Override
  List<String> expectedAttributeText() {
    return List.of("BGP.community: (64512,100)", "BGP.large_community: (64513, 1, 2)", "BGP.as_path: 64513", "via 192.0.2.11");
  }

  @Override
  void afterShutdown() {
    String proto = birdc("show", "protocols", "all", "node1");
    assertTrue(proto.contains("Administrative shutdown"), "BIRD saw Cease/Administrative Shutdown: " + proto);
    assertTrue(!Netns.run("ip", "-n", router, "route").contains("203.0.113"), "the router's kernel table is clean again");
  }

  @Override
  void routeInstalled() throws InterruptedException {
    assertTrue(Netns.await(Duration.ofSeconds(5),
        () -> Netns.run("ip", "-n", router, "route", "show", "203.0.113.10").contains("via 192.0.2.11")),
        "the route reaches the router's kernel table");
  }

  /** BIRD's count of routes in one table ({@code show route count}). */
  int birdRouteCount(String table) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) of \\d+ routes for \\d+ networks in table " + table)
        .matcher(birdc("show", "route", "count"));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The push figure: 10,000 IPv6 /128s (LAB-NOTES: gobgpd needs 0.83 / 0.88 / 0.99 s). */
  @Test
  void pushesTenThousandIpv6PrefixesOverOneSession() throws Exception {
    startRouter();
    // Measure our establishment, not BIRD's start: wait until its protocol is running and has
    // tried (and failed) its own first connect (connect delay 1 s), so it waits for ours.
    assertTrue(Netns.await(Duration.ofSeconds(10), () -> birdc("show", "protocols", "node1").contains("Active")), "BIRD is waiting");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11");
    String established = speaker.expectStartingWith("ESTABLISHED_MS", Duration.ofSeconds(20));
    long start = System.nanoTime();
    speaker.tell("bulk 2001:db8:1000:: 10000");
    assertTrue(Netns.await(Duration.ofSeconds(60), () -> birdRouteCount("master6") >= 10_000),
        () -> "BIRD has " + birdRouteCount("master6") + " IPv6 routes");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println("METRIC bgp_establish_ms=" + established.substring("ESTABLISHED_MS ".length()) + " ms");
    System.out.printf("METRIC bgp_10k_push_s=%.3f s%n", seconds);
    assertEquals(10_000, birdRouteCount("master6"));
    assertEquals(0, speaker.count("DOWN"), speaker.log().toString());
  }
}
