package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our speaker against BIRD 2 as the router (LAB-NOTES config, short timers), in two network
 * namespaces joined by a veth pair. The speaker runs as a child JVM started with
 * {@code ip netns exec} (see NetnsSpeaker): the simplest way to put a Java socket in a namespace
 * without native code, and it is stopped by its own Process handle.
 */
@Tag("netns")
class BgpBirdNetnsIT {
  static final String CLASSPATH = System.getProperty("java.class.path");

  String prefix;
  String router;
  String node;
  Path dir;
  Process bird;
  Process speaker;
  Writer speakerIn;
  final BlockingQueue<String> speakerOut = new LinkedBlockingQueue<>();
  final List<String> speakerLog = new ArrayList<>();

  @BeforeEach
  void labUp() throws IOException {
    Assumptions.assumeTrue(Netns.isRoot(), "network namespaces need root");
    Assumptions.assumeTrue(Netns.hasBinary("bird") && Netns.hasBinary("birdc") && Netns.hasBinary("ip"),
        "needs bird2 and iproute2 (Debian packages bird2, iproute2)");
    prefix = "bgpit" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    router = prefix + "r";
    node = prefix + "n";
    dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(this::labDown));
    Netns.run("ip", "netns", "add", router);
    Netns.run("ip", "netns", "add", node);
    Netns.run("ip", "link", "add", "eth0", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", node);
    for (String[] host : new String[][] {{router, "1"}, {node, "11"}}) {
      Netns.run("ip", "-n", host[0], "link", "set", "lo", "up");
      Netns.run("ip", "-n", host[0], "addr", "add", "192.0.2." + host[1] + "/24", "dev", "eth0");
      Netns.run("ip", "-n", host[0], "addr", "add", "2001:db8:0:1::" + host[1] + "/64", "dev", "eth0", "nodad");
      Netns.run("ip", "-n", host[0], "link", "set", "eth0", "up");
    }
  }

  @AfterEach
  void labDown() {
    if (speaker != null) {
      speaker.destroyForcibly();
    }
    if (bird != null) {
      bird.destroy();
    }
    for (String ns : new String[] {router, node}) {
      if (ns != null) {
        try {
          Netns.run("ip", "netns", "del", ns);
        } catch (IllegalStateException e) {
          // already gone (the shutdown hook runs after @AfterEach)
        }
      }
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temp directory left behind is harmless
      }
    }
  }

  void startBird() throws IOException {
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
    bird = new ProcessBuilder(Netns.inNs(router, "bird", "-f", "-c", conf.toString(), "-s", ctl(), "-P",
        dir.resolve("bird.pid").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
  }

  String ctl() {
    return dir.resolve("bird.ctl").toString();
  }

  String birdc(String... command) {
    List<String> all = new ArrayList<>(List.of("birdc", "-s", ctl()));
    all.addAll(List.of(command));
    try {
      return Netns.run(all.toArray(String[]::new));
    } catch (IllegalStateException e) {
      return ""; // BIRD not up yet
    }
  }

  void startSpeaker() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    speaker = new ProcessBuilder(Netns.inNs(node, java, "-cp", CLASSPATH, NetnsSpeaker.class.getName(),
        "64513", "64512", "192.0.2.11", "192.0.2.1", "192.0.2.11", "2001:db8:0:1::11")).redirectErrorStream(true).start();
    speakerIn = new OutputStreamWriter(speaker.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(speaker.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (speakerLog) {
            speakerLog.add(line);
          }
          speakerOut.add(line);
        }
      } catch (IOException e) {
        speakerOut.add("READ FAILED " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  void tell(String command) throws IOException, InterruptedException {
    speakerIn.write(command + "\n");
    speakerIn.flush();
    expect("OK " + command, Duration.ofSeconds(10));
  }

  void expect(String line, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String got = speakerOut.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line.equals(got)) {
        return;
      }
    }
    throw new AssertionError("speaker did not say '" + line + "'; it said " + log());
  }

  List<String> log() {
    synchronized (speakerLog) {
      return List.copyOf(speakerLog);
    }
  }

  String route(String prefix) {
    return birdc("show", "route", "all", "for", prefix);
  }

  @Test
  void birdLearnsOurRoutesWithCommunitiesAndLosesThemOnWithdrawWithoutSessionReset() throws Exception {
    startBird();
    startSpeaker();
    expect("UP", Duration.ofSeconds(15));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdc("show", "protocols", "node1").contains("Established")));

    tell("advertise 203.0.113.10/32 community=64512:100 large=64513:1:2");
    tell("advertise 2001:db8:100::a/128 community=64512:100");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> route("203.0.113.10/32").contains("BGP.large_community")),
        () -> "BIRD has no route 203.0.113.10/32: " + route("203.0.113.10/32"));
    String v4 = route("203.0.113.10/32");
    assertTrue(v4.contains("BGP.community: (64512,100)"), v4);
    assertTrue(v4.contains("BGP.large_community: (64513, 1, 2)"), v4);
    assertTrue(v4.contains("BGP.as_path: 64513"), v4);
    assertTrue(v4.contains("via 192.0.2.11"), v4);
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> route("2001:db8:100::a/128").contains("via 2001:db8:0:1::11")),
        () -> "BIRD has no IPv6 route: " + route("2001:db8:100::a/128"));
    assertTrue(Netns.await(Duration.ofSeconds(5),
        () -> Netns.run("ip", "-n", router, "route", "show", "203.0.113.10").contains("via 192.0.2.11")),
        "the route reaches the router's kernel table");

    tell("advertise 203.0.113.11/32 community=64512:200");
    tell("withdraw 203.0.113.10/32");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.10/32").contains("203.0.113.10")),
        () -> "withdrawn route still there: " + route("203.0.113.10/32"));
    assertTrue(route("203.0.113.11/32").contains("BGP.community: (64512,200)"), route("203.0.113.11/32"));

    assertEquals(1, log().stream().filter("UP"::equals).count(), "one session for all the changes: " + log());
    assertTrue(log().stream().noneMatch(l -> l.startsWith("DOWN")), "no session reset: " + log());

    speakerIn.write("shutdown\n");
    speakerIn.flush();
    expect("STOPPED", Duration.ofSeconds(15));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> !route("203.0.113.11/32").contains("203.0.113.11")));
    String proto = birdc("show", "protocols", "all", "node1");
    assertTrue(proto.contains("Administrative shutdown"), "BIRD saw Cease/Administrative Shutdown: " + proto);
  }
}
