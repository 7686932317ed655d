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
 * Two nodes announce the same service prefix to BIRD (the LAB-NOTES bridge lab): the router's
 * kernel gets one next hop per node (ECMP); one node withdrawing leaves the other's next hop and
 * resets no session.
 */
@Tag("netns")
class BgpEcmpBirdNetnsIT {
  String bridge;
  String router;
  final List<String> nodes = new ArrayList<>();
  final List<SpeakerProcess> speakers = new ArrayList<>();
  Process bird;
  Path dir;

  @BeforeEach
  void labUp() throws IOException {
    Assumptions.assumeTrue(Netns.isRoot(), "network namespaces need root");
    Assumptions.assumeTrue(Netns.hasBinary("bird") && Netns.hasBinary("birdc") && Netns.hasBinary("ip"),
        "needs bird2 and iproute2 (Debian packages bird2, iproute2)");
    String prefix = "bgpec" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(this::labDown));
    bridge = prefix + "b";
    router = prefix + "r";
    nodes.add(prefix + "1");
    nodes.add(prefix + "2");
    Netns.run("ip", "netns", "add", bridge);
    Netns.run("ip", "-n", bridge, "link", "add", "br0", "type", "bridge", "stp_state", "0");
    Netns.run("ip", "-n", bridge, "link", "set", "br0", "up");
    String[][] hosts = {{router, "1"}, {nodes.get(0), "11"}, {nodes.get(1), "12"}};
    for (String[] h : hosts) {
      Netns.run("ip", "netns", "add", h[0]);
      Netns.run("ip", "-n", h[0], "link", "set", "lo", "up");
      Netns.run("ip", "link", "add", "eth0", "netns", h[0], "type", "veth", "peer", "name", "v" + h[1], "netns", bridge);
      Netns.run("ip", "-n", bridge, "link", "set", "v" + h[1], "master", "br0", "up");
      Netns.run("ip", "-n", h[0], "addr", "add", "192.0.2." + h[1] + "/24", "dev", "eth0");
      Netns.run("ip", "-n", h[0], "addr", "add", "2001:db8:0:1::" + h[1] + "/64", "dev", "eth0", "nodad");
      Netns.run("ip", "-n", h[0], "link", "set", "eth0", "up");
    }
  }

  @AfterEach
  synchronized void labDown() {
    speakers.forEach(SpeakerProcess::close);
    if (bird != null) {
      bird.destroy();
    }
    List<String> all = new ArrayList<>(nodes);
    all.add(router);
    all.add(bridge);
    for (String ns : all) {
      try {
        Netns.run("ip", "netns", "del", ns);
      } catch (IllegalStateException e) {
        // already gone
      }
    }
    Netns.deleteTree(dir);
  }

  String kernelRoute() {
    return Netns.run("ip", "-n", router, "route", "show", "203.0.113.10");
  }

  @Test
  void twoNodesGiveTheRouterTwoNextHopsAndOneWithdrawalLeavesTheOther() throws Exception {
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        "protocol kernel { ipv4 { import none; export all; }; merge paths on; }",
        "template bgp speaker { local 192.0.2.1 as 64512; ipv4 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }",
        "protocol bgp node1 from speaker { neighbor 192.0.2.11 as 64513; }",
        "protocol bgp node2 from speaker { neighbor 192.0.2.12 as 64514; }", ""));
    bird = new ProcessBuilder(Netns.inNs(router, "bird", "-f", "-c", conf.toString(), "-s", dir.resolve("ctl").toString(),
        "-P", dir.resolve("pid").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
    speakers.add(new SpeakerProcess(nodes.get(0), 64513, "192.0.2.11", "2001:db8:0:1::11"));
    speakers.add(new SpeakerProcess(nodes.get(1), 64514, "192.0.2.12", "2001:db8:0:1::12"));
    for (SpeakerProcess s : speakers) {
      s.expect("UP", Duration.ofSeconds(20));
      s.tell("advertise 203.0.113.10/32");
    }
    assertTrue(Netns.await(Duration.ofSeconds(5),
        () -> kernelRoute().contains("nexthop via 192.0.2.11") && kernelRoute().contains("nexthop via 192.0.2.12")),
        () -> "no ECMP route: " + kernelRoute());

    speakers.get(0).tell("withdraw 203.0.113.10/32");
    assertTrue(Netns.await(Duration.ofSeconds(5),
        () -> kernelRoute().contains("via 192.0.2.12") && !kernelRoute().contains("192.0.2.11")),
        () -> "node1's next hop should be gone: " + kernelRoute());
    for (SpeakerProcess s : speakers) {
      assertEquals(1, s.count("UP"), s.log().toString());
      assertEquals(0, s.count("DOWN"), "no session reset: " + s.log());
    }
  }
}
