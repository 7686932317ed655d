package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * TCP MD5 (RFC 2385) and the eBGP TTL against BIRD 2, which signs with {@code password "…"}: the
 * right password gives a session, a wrong one never does (the router's kernel drops our SYNs).
 * Namespaces {@code hb-XXXX-r} / {@code hb-XXXX-n}, joined by a veth pair.
 */
@Tag("netns")
class BgpMd5BirdNetnsIT {
  static final String PASSWORD = "metallb-s3cret";
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
      Netns.run("ip", "-n", host[0], "link", "set", "eth0", "up");
    }
  }

  /** BIRD with our password and {@code extra} in its protocol (GTSM, say). */
  void startBird(String extra) throws IOException {
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        "protocol bgp node1 { local 192.0.2.1 as 64512; neighbor 192.0.2.11 as 64513;",
        "  password \"" + PASSWORD + "\"; " + extra,
        "  ipv4 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }", ""));
    bird = new ProcessBuilder(Netns.inNs(router, "bird", "-f", "-c", conf.toString(), "-s", ctl(), "-P",
        dir.resolve("bird.pid").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile())
        .start();
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

  String birdState() {
    try {
      return Netns.run(Netns.inNs(router, "birdc", "-s", ctl(), "show", "protocols", "all", "node1").toArray(String[]::new));
    } catch (IllegalStateException e) {
      return "";
    }
  }

  @Test
  void theRightPasswordEstablishesAndCarriesRoutes() throws Exception {
    startBird("");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11", PASSWORD, 1);
    speaker.expect("UP", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().contains("Established")), birdState());
    speaker.tell("advertise 203.0.113.20/32");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().matches("(?s).*Routes:\\s+1 imported.*")),
        () -> "BIRD imported our route over the signed session: " + birdState());
    assertEquals(0, speaker.count("DOWN"), speaker.log().toString());
  }

  @Test
  void aWrongPasswordNeverEstablishes() throws Exception {
    startBird("");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11", "not-the-password", 1);
    // BIRD retries every 2 s and we every 2 s: 8 s is several attempts from both sides.
    assertFalse(Netns.await(Duration.ofSeconds(8), () -> speaker.count("UP") > 0 || birdState().contains("Established")),
        () -> "a session came up with the wrong password: " + speaker.log() + " " + birdState());
    assertTrue(speaker.log().stream().noneMatch(l -> l.contains("Exception")), speaker.log().toString());
  }

  @Test
  void noPasswordNeverEstablishes() throws Exception {
    startBird("");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11", "-", 0);
    assertFalse(Netns.await(Duration.ofSeconds(8), () -> speaker.count("UP") > 0 || birdState().contains("Established")),
        () -> "a session came up without the password: " + speaker.log() + " " + birdState());
    assertTrue(speaker.log().stream().noneMatch(l -> l.contains("Exception")), speaker.log().toString());
  }

  /** GTSM (RFC 5082) on BIRD's side accepts only TTL 255: what ebgpMultiHop sets. */
  @Test
  void multihopTtl255PassesBirdsTtlSecurity() throws Exception {
    startBird("ttl security on;");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11", PASSWORD, 255);
    speaker.expect("UP", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().contains("Established")), birdState());
  }

  /**
   * The same router refuses TTL 1, the directly connected eBGP TTL: the handshake passes (BIRD sets
   * its minimum TTL on the accepted socket) but our OPEN is dropped, so the session never comes up.
   * (BIRD then waits in OpenSent, since our FIN has TTL 1 too: a fresh BIRD per test.)
   */
  @Test
  void directTtl1FailsBirdsTtlSecurity() throws Exception {
    startBird("ttl security on;");
    speaker = new SpeakerProcess(node, 64513, "192.0.2.11", "2001:db8:0:1::11", PASSWORD, 1);
    assertFalse(Netns.await(Duration.ofSeconds(6), () -> speaker.count("UP") > 0),
        () -> "TTL 1 passed GTSM: " + speaker.log() + " " + birdState());
    assertTrue(speaker.log().stream().noneMatch(l -> l.contains("Exception")), speaker.log().toString());
  }
}
