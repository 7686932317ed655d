package io.baremetallb.bench.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@code bench/run bgp}: our speaker and gobgpd, side by side in one run, each push 10,000 IPv6
 * /128s (2001:db8::/32) to one BIRD over an IPv4 session. The router namespace {@code hb-b…-r}
 * has a veth to our node ({@code -n}, 192.0.2.11, AS 64513) and one to gobgpd ({@code -g},
 * 198.51.100.12, AS 64514); BIRD (AS 64512, LAB-NOTES timers, no kernel export, so the figure is
 * BGP and not netlink) imports everything.
 *
 * <p>A push is timed from the command (our speaker's stdin {@code push}, or the start of
 * {@code gobgp mrt inject global}) with the session already up, until BIRD's control socket counts
 * every route from that protocol; then both withdraw everything and the next round starts. Prints
 * the median of the rounds and the first (cold) round, the ratio, our Established time with BIRD's
 * test timers, and our speaker's RSS holding the routes beside gobgpd's holding its own. {@code --quick}: 2,000 prefixes, 1 round.
 * {@code --kernel-export}: BIRD also installs the routes in its namespace's kernel table, as the
 * network tests' BIRD does (the time then includes BIRD's netlink work). The environment variable
 * {@code BGP_SPEAKER_JAVA_OPTS} passes JVM options to our speaker (a heap limit, say, for the RSS).
 */
public final class BgpBench {
  static final String OUR_BASE = "2001:db8:1000::";
  static final String GOBGP_BASE = "2001:db8:2000::";
  static final int GOBGP_API_PORT = 50051;
  private final Path dir;
  private final String prefix;
  private final List<Process> processes = new ArrayList<>();

  private BgpBench(Path dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    boolean kernel = Arrays.asList(args).contains("--kernel-export");
    int count = quick ? 2_000 : 10_000;
    int rounds = quick ? 1 : 3;
    if (!"0".equals(run("id", "-u").trim())) {
      System.err.println("bench/run bgp needs root (network namespaces)");
      System.exit(2);
    }
    for (String b : List.of("ip", "bird", "gobgpd", "gobgp")) {
      if (!Files.isExecutable(Path.of("/usr/sbin", b)) && !Files.isExecutable(Path.of("/usr/bin", b))) {
        System.err.println("bench/run bgp needs " + b + " (Debian packages iproute2 bird2 gobgpd)");
        System.exit(2);
      }
    }
    String prefix = "hb-b" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    Path dir = Files.createTempDirectory(prefix);
    BgpBench bench = new BgpBench(dir, prefix);
    Thread cleanup = new Thread(bench::down);
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      bench.up();
      bench.measure(count, rounds, kernel);
    } finally {
      bench.down();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private String ns(String role) {
    return prefix + "-" + role;
  }

  private void up() throws IOException {
    for (String role : List.of("r", "n", "g")) {
      run("ip", "netns", "add", ns(role));
      run("ip", "-n", ns(role), "link", "set", "lo", "up");
    }
    link("eth0", "n", "192.0.2", "2001:db8:0:1::", "11");
    link("eth1", "g", "198.51.100", "2001:db8:0:2::", "12");
  }

  /** A veth from the router ({@code routerIf}, .1) to the host ({@code eth0}, .{@code host}). */
  private void link(String routerIf, String role, String v4, String v6, String host) {
    run("ip", "link", "add", routerIf, "netns", ns("r"), "type", "veth", "peer", "name", "eth0", "netns", ns(role));
    for (String[] end : new String[][] {{ns("r"), routerIf, "1"}, {ns(role), "eth0", host}}) {
      run("ip", "-n", end[0], "addr", "add", v4 + "." + end[2] + "/24", "dev", end[1]);
      run("ip", "-n", end[0], "addr", "add", v6 + end[2] + "/64", "dev", end[1], "nodad");
      run("ip", "-n", end[0], "link", "set", end[1], "up");
    }
  }

  private void down() {
    synchronized (processes) {
      processes.forEach(Process::destroy);
      for (Process p : processes) {
        try {
          p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      processes.clear();
    }
    for (String role : List.of("r", "n", "g")) {
      try {
        run("ip", "netns", "del", ns(role));
      } catch (IllegalStateException e) {
        // never created, or already deleted
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private void measure(int count, int rounds, boolean kernel) throws Exception {
    Path ctl = dir.resolve("bird.ctl");
    Files.writeString(dir.resolve("bird.conf"), String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        kernel ? "protocol kernel { ipv6 { import none; export all; }; merge paths on; }" : "",
        "template bgp speaker { local as 64512; ipv4 { import all; export none; }; ipv6 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }",
        "protocol bgp ours from speaker { local 192.0.2.1; neighbor 192.0.2.11 as 64513; }",
        "protocol bgp gobgp from speaker { local 198.51.100.1; neighbor 198.51.100.12 as 64514; }", ""));
    start("r", "bird.log", "bird", "-f", "-c", dir.resolve("bird.conf").toString(), "-s", ctl.toString(), "-P",
        dir.resolve("bird.pid").toString());
    BirdControl bird = awaitBird(ctl);
    Files.writeString(dir.resolve("gobgpd.toml"), String.join("\n",
        "[global.config]", "  as = 64514", "  router-id = \"198.51.100.12\"",
        "[[neighbors]]", "  [neighbors.config]", "    neighbor-address = \"198.51.100.1\"", "    peer-as = 64512",
        "  [neighbors.timers.config]", "    connect-retry = 1", "    hold-time = 3", "    keepalive-interval = 1",
        "  [[neighbors.afi-safis]]", "    [neighbors.afi-safis.config]", "      afi-safi-name = \"ipv4-unicast\"",
        "  [[neighbors.afi-safis]]", "    [neighbors.afi-safis.config]", "      afi-safi-name = \"ipv6-unicast\"", ""));
    Process gobgpd = start("g", "gobgpd.log", "gobgpd", "-f", dir.resolve("gobgpd.toml").toString(), "--api-hosts",
        "127.0.0.1:" + GOBGP_API_PORT);
    await("gobgpd's session with BIRD", 30, () -> bird.established("gobgp") ? 1 : 0);
    // Time our establishment, not BIRD's start: BIRD has tried its own connect and waits for ours.
    await("BIRD waiting for our node", 10, () -> bird.command("show protocols ours").contains("Active") ? 1 : 0);
    List<String> speakerCommand = new ArrayList<>(List.of(java()));
    String jvmOptions = System.getenv().getOrDefault("BGP_SPEAKER_JAVA_OPTS", "").trim();
    if (!jvmOptions.isEmpty()) {
      speakerCommand.addAll(List.of(jvmOptions.split("\\s+")));
      System.out.println("# our speaker's JVM options: " + jvmOptions);
    }
    speakerCommand.addAll(List.of("-cp", childClasspath(), BenchSpeaker.class.getName(),
        "64513", "64512", "192.0.2.11", "192.0.2.1", "192.0.2.11", "2001:db8:0:1::11"));
    Speaker ours = new Speaker(start("n", null, speakerCommand.toArray(String[]::new)));
    long establishedMs = Long.parseLong(ours.expect("ESTABLISHED_MS").split(" ")[1]);
    await("BIRD reports our session", 10, () -> bird.established("ours") ? 1 : 0);
    Path mrt = dir.resolve("routes.mrt");
    MrtFile.write(mrt, GOBGP_BASE, count, InetAddress.getByName("2001:db8:0:2::12"), InetAddress.getByName("198.51.100.12"));

    double[] oursS = new double[rounds];
    double[] gobgpS = new double[rounds];
    long rssKib = -1;
    long gobgpdRssKib = -1;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      ours.send("push " + OUR_BASE + " " + count);
      await("BIRD has our " + count + " routes", 120, () -> bird.routesFrom("ours") >= count ? 1 : 0);
      oursS[r] = (System.nanoTime() - t0) / 1e9;
      if (r == rounds - 1) {
        ours.send("rss");
        rssKib = Long.parseLong(ours.expect("RSS_KIB").split(" ")[1]);
      }
      ours.send("push " + OUR_BASE + " 0");
      await("our routes withdrawn", 60, () -> bird.routesFrom("ours") == 0 ? 1 : 0);

      t0 = System.nanoTime();
      Process inject = new ProcessBuilder(inNs("g", "gobgp", "-p", Integer.toString(GOBGP_API_PORT), "mrt", "inject",
          "global", mrt.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("inject.log").toFile()).start();
      try {
        await("BIRD has gobgpd's " + count + " routes", 120, () -> bird.routesFrom("gobgp") >= count ? 1 : 0);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(e.getMessage() + " (BIRD has " + bird.routesFrom("gobgp") + "; gobgp said: "
            + Files.readString(dir.resolve("inject.log")) + ")", e);
      }
      gobgpS[r] = (System.nanoTime() - t0) / 1e9;
      inject.waitFor(30, TimeUnit.SECONDS);
      if (r == rounds - 1) {
        gobgpdRssKib = rssKib(gobgpd.pid()); // `ip netns exec` execs the daemon: same pid
      }
      run(inNs("g", "gobgp", "-p", Integer.toString(GOBGP_API_PORT), "global", "rib", "-a", "ipv6", "del", "all")
          .toArray(String[]::new));
      await("gobgpd's routes withdrawn", 60, () -> bird.routesFrom("gobgp") == 0 ? 1 : 0);
      System.out.printf("# round %d: ours %.3f s, gobgpd %.3f s%n", r + 1, oursS[r], gobgpS[r]);
    }
    ours.send("stop");
    ours.expect("STOPPED");
    bird.close();

    double oursMedian = median(oursS);
    double gobgpMedian = median(gobgpS);
    System.out.printf("# bgp: %,d IPv6 /128 over an IPv4 session to BIRD%s, %d round(s); first round cold%n", count,
        kernel ? " exporting to its kernel" : "", rounds);
    System.out.printf("METRIC bgp_10k_push_s=%.3f s%n", oursMedian);
    System.out.printf("METRIC gobgpd_10k_push_s=%.3f s%n", gobgpMedian);
    System.out.printf("METRIC bgp_10k_push_ratio=%.2f x%n", oursMedian / gobgpMedian);
    System.out.printf("METRIC bgp_10k_push_first_s=%.3f s%n", oursS[0]);
    System.out.printf("METRIC gobgpd_10k_push_first_s=%.3f s%n", gobgpS[0]);
    System.out.printf("METRIC bgp_establish_ms=%d ms%n", establishedMs);
    System.out.printf("METRIC announcer_bgp_rss_mib=%.1f MiB%n", rssKib / 1024.0);
    System.out.printf("METRIC gobgpd_rss_mib=%.1f MiB%n", gobgpdRssKib / 1024.0);
  }

  /** Our speaker's stdin and stdout. */
  private static final class Speaker {
    final Writer in;
    final BlockingQueue<String> out = new LinkedBlockingQueue<>();

    Speaker(Process p) {
      in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            out.add(line);
          }
        } catch (IOException e) {
          out.add("READ FAILED " + e);
        }
      }, "bench-speaker-output");
      t.setDaemon(true);
      t.start();
    }

    void send(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
    }

    String expect(String start) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < end) {
        String line = out.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line != null && line.startsWith(start)) {
          return line;
        }
        if (line != null) {
          seen.add(line);
        }
      }
      throw new IllegalStateException("our speaker did not say " + start + "; it said " + seen);
    }
  }

  @FunctionalInterface
  private interface Probe {
    int value() throws IOException;
  }

  private static void await(String what, int seconds, Probe probe) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (probe.value() != 0) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
  }

  private BirdControl awaitBird(Path ctl) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (Files.exists(ctl)) {
        try {
          return new BirdControl(ctl);
        } catch (IOException e) {
          // not listening yet
        }
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException("BIRD did not open its control socket " + ctl + "; see " + dir.resolve("bird.log"));
  }

  private Process start(String role, String log, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(inNs(role, command)).redirectErrorStream(true);
    if (log != null) {
      pb.redirectOutput(dir.resolve(log).toFile());
    } else {
      pb.redirectError(dir.resolve("speaker.err").toFile()).redirectErrorStream(false);
    }
    Process p = pb.start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  private List<String> inNs(String role, String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns(role)));
    all.addAll(List.of(command));
    return all;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This tree's announcer classes first (they may be newer than the installed jar), then ours. */
  private static String childClasspath() throws Exception {
    Path benchClasses = Path.of(BgpBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path announcer = benchClasses.resolve("../../../announcer-service/target/classes").normalize();
    String cp = System.getProperty("java.class.path");
    return Files.isDirectory(announcer) ? announcer + java.io.File.pathSeparator + cp : cp;
  }

  /** VmRSS of a process, KiB. */
  private static long rssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String run(String... command) {
    return io.baremetallb.localcluster.lab.Commands.output(java.time.Duration.ofSeconds(30), null, command);
  }
}
