package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The announcer's BGP side end to end against BIRD 2: metallb.io config → planner → speaker, the
 * TCP MD5 password from a Secret, communities from a Community alias, Services coming and going.
 * BIRD must see one session for all of it. Namespaces {@code hb-XXXX-r} / {@code hb-XXXX-n}.
 */
@Tag("netns")
class BgpSpeakerBirdNetnsIT {
  static final String CONFIG = """
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: web, namespace: metallb-system}
      spec: {addresses: [203.0.113.0/24, "2001:db8:100::/120"]}
      ---
      apiVersion: metallb.io/v1beta1
      kind: Community
      metadata: {name: aliases, namespace: metallb-system}
      spec:
        communities:
        - {name: edge, value: "64512:100"}
      ---
      apiVersion: metallb.io/v1beta2
      kind: BGPPeer
      metadata: {name: tor, namespace: metallb-system}
      spec:
        myASN: 64513
        peerASN: 64512
        peerAddress: 192.0.2.1
        holdTime: 3s
        passwordSecret: {name: bgp-auth, namespace: metallb-system}
      ---
      apiVersion: metallb.io/v1beta1
      kind: BGPAdvertisement
      metadata: {name: web, namespace: metallb-system}
      spec:
        ipAddressPools: [web]
        communities: [edge, "large:64513:1:2"]
      """;
  String router;
  String node;
  Path dir;
  Process bird;
  SpeakerProcess speaker;

  @BeforeEach
  void labUp() throws IOException {
    Assumptions.assumeTrue(Netns.isRoot(), "network namespaces need root");
    for (String b : new String[] {"ip", "bird", "birdc"}) {
      Assumptions.assumeTrue(Netns.hasBinary(b), "needs " + b + " (Debian packages iproute2 bird2)");
    }
    String prefix = "hb-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    router = prefix + "-r";
    node = prefix + "-n";
    dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Netns.run("ip", "netns", "add", router);
    Netns.run("ip", "netns", "add", node);
    Netns.run("ip", "link", "add", "eth0", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", node);
    for (String[] host : new String[][] {{router, "1"}, {node, "11"}}) {
      Netns.run("ip", "-n", host[0], "link", "set", "lo", "up");
      Netns.run("ip", "-n", host[0], "addr", "add", "192.0.2." + host[1] + "/24", "dev", "eth0");
      Netns.run("ip", "-n", host[0], "addr", "add", "2001:db8:0:1::" + host[1] + "/64", "dev", "eth0", "nodad");
      Netns.run("ip", "-n", host[0], "link", "set", "eth0", "up");
    }
    Files.writeString(dir.resolve("bird.conf"), String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        "protocol bgp tor { local 192.0.2.1 as 64512; neighbor 192.0.2.11 as 64513; password \"from-a-secret\";",
        "  ipv4 { import all; export none; }; ipv6 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }", ""));
    Files.writeString(dir.resolve("config.yaml"), CONFIG);
    bird = new ProcessBuilder(Netns.inNs(router, "bird", "-f", "-c", dir.resolve("bird.conf").toString(), "-s",
        ctl(), "-P", dir.resolve("bird.pid").toString())).redirectErrorStream(true)
        .redirectOutput(dir.resolve("bird.log").toFile()).start();
  }

  @AfterEach
  void labDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (bird != null) {
      bird.destroy();
    }
    Netns.deleteNamespaces(router, node);
    Netns.deleteTree(dir);
  }

  String ctl() {
    return dir.resolve("bird.ctl").toString();
  }

  String birdc(String... command) {
    String[] all = new String[command.length + 3];
    all[0] = "birdc";
    all[1] = "-s";
    all[2] = ctl();
    System.arraycopy(command, 0, all, 3, command.length);
    try {
      return Netns.run(all); // the control socket is a file: no need to enter the namespace
    } catch (IllegalStateException e) {
      return "";
    }
  }

  String route(String prefix) {
    return birdc("show", "route", "all", "for", prefix);
  }

  @Test
  void configToRouterWithSecretPasswordAliasCommunitiesAndNoResetOnServiceChanges() throws Exception {
    speaker = new SpeakerProcess(node, SpeakerMain.class, "n1", "192.0.2.11", "2001:db8:0:1::11",
        dir.resolve("config.yaml").toString());
    speaker.send("svc web 203.0.113.10");
    String first = speaker.expectStartingWith("OK svc web", Duration.ofSeconds(20));
    assertTrue(first.contains("passwordSecret metallb-system/bgp-auth not found"), first);

    speaker.send("secret metallb-system/bgp-auth from-a-secret");
    speaker.expect("UP tor", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> route("203.0.113.10/32").contains("203.0.113.10")),
        () -> "BIRD has no route for web: " + route("203.0.113.10/32"));
    String v4 = route("203.0.113.10/32");
    for (String text : new String[] {"BGP.community: (64512,100)", "BGP.large_community: (64513, 1, 2)", "BGP.as_path: 64513"}) {
      assertTrue(v4.contains(text), "'" + text + "' in " + v4);
    }
    String since = birdc("show", "protocols", "tor");

    speaker.send("svc api 203.0.113.11,2001:db8:100::b");
    speaker.expectStartingWith("OK svc api", Duration.ofSeconds(10));
    speaker.send("del web");
    speaker.expectStartingWith("OK del web", Duration.ofSeconds(10));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.10/32").contains("203.0.113.10")
        && route("203.0.113.11/32").contains("203.0.113.11") && route("2001:db8:100::b/128").contains("2001:db8:100::b")),
        () -> "after the changes: " + birdc("show", "route"));

    assertEquals(1, speaker.count("UP"), speaker.log().toString());
    assertEquals(0, speaker.count("DOWN"), speaker.log().toString());
    assertEquals(since, birdc("show", "protocols", "tor"), "BIRD's session has the same 'since': never reset");

    speaker.send("stop");
    speaker.expect("STOPPED", Duration.ofSeconds(15));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.11/32").contains("203.0.113.11")),
        "our routes are gone after the graceful stop");
  }
}
