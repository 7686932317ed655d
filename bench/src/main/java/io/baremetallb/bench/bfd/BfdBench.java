package io.baremetallb.bench.bfd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code bench/run bfd}: BFD failover with the 100 ms × 3 profile, ours beside FRR's, in one run.
 * A router namespace runs FRR's bfdd with two peers: our node (announcer BFD in a child JVM,
 * 192.0.2.11 on the router's eth1) and a node running FRR's bfdd (198.51.100.12 on eth2). Each
 * repetition takes one router link down, stamps the time in the router's namespace right after
 * {@code ip link set} returns, and reads when the node declared the session Down: from our node's
 * output, and from FRR's log (microsecond timestamps). The two kinds alternate, so load on the
 * machine hits both alike. Needs root and Debian's frr; {@code --quick} runs 3 repetitions, else 10.
 */
public final class BfdBench {
  private static final DateTimeFormatter FRR_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");
  private static final String PROFILE = String.join("\n", "bfd", " profile fast", "  detect-multiplier 3",
      "  receive-interval 100", "  transmit-interval 100", " !", "");

  private final Path root;
  private final Path dir;
  private final String id = "hf-b" + ProcessHandle.current().pid() % 10000;
  private final String router = id + "-r";
  private final String ours = id + "-n1";
  private final String frrNode = id + "-n2";
  private final List<Process> processes = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();
  private final BlockingQueue<String> nodeLines = new LinkedBlockingQueue<>();
  private final List<String> nodeLog = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean ourUp;
  private long failedOurs;
  private long failedFrr;
  private Writer nodeIn;

  private BfdBench(Path root) throws IOException {
    this.root = root;
    this.dir = Files.createTempDirectory(id);
    dir.toFile().setReadable(true, false);
    dir.toFile().setExecutable(true, false);
  }

  public static void main(String[] args) throws Exception {
    int reps = Arrays.asList(args).contains("--quick") ? 3 : 10;
    if (!run("id", "-u").trim().equals("0") || !Files.isExecutable(Path.of("/usr/lib/frr/bfdd"))) {
      System.err.println("bench/run bfd: needs root (network namespaces) and Debian's frr (/usr/lib/frr/bfdd)");
      System.exit(2);
    }
    BfdBench bench = new BfdBench(repositoryRoot());
    Runtime.getRuntime().addShutdownHook(new Thread(bench::tearDown));
    try {
      bench.measure(reps);
    } finally {
      bench.tearDown();
    }
  }

  private void measure(int reps) throws Exception {
    String classpath = announcerClasspath();
    setUp();
    startNode(classpath);
    System.out.println("# bfd: 100 ms x 3, router link down -> node declares Down; " + reps + " repetitions each, "
        + Runtime.getRuntime().availableProcessors() + " cpus, load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    List<Long> ourMs = new ArrayList<>();
    List<Long> frrMs = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      if (i % 2 == 0) {
        ourMs.add(withRetries("ours", this::ourFailover));
        frrMs.add(withRetries("frr", this::frrFailover));
      } else {
        frrMs.add(withRetries("frr", this::frrFailover));
        ourMs.add(withRetries("ours", this::ourFailover));
      }
      System.out.println("# rep " + (i + 1) + ": ours " + ourMs.get(i) + " ms, frr " + frrMs.get(i) + " ms");
    }
    // downs that no link cut caused: flaps under load, for each implementation
    long ourDowns = nodeLog.stream().filter(l -> l.startsWith("BFD DOWN")).count();
    long frrDowns = downLines(dir.resolve(frrNode).resolve("bfdd.log")).size();
    long ourMedian = median(ourMs);
    long frrMedian = median(frrMs);
    System.out.println("METRIC bfd_failover_ms_median=" + ourMedian + " ms");
    System.out.println("METRIC bfd_failover_ms_min=" + Collections.min(ourMs) + " ms");
    System.out.println("METRIC bfd_failover_ms_max=" + Collections.max(ourMs) + " ms");
    System.out.println("METRIC frr_bfd_failover_ms_median=" + frrMedian + " ms");
    System.out.println("METRIC frr_bfd_failover_ms_min=" + Collections.min(frrMs) + " ms");
    System.out.println("METRIC frr_bfd_failover_ms_max=" + Collections.max(frrMs) + " ms");
    System.out.printf("METRIC bfd_failover_ratio=%.2f x%n", (double) ourMedian / frrMedian);
    System.out.println("METRIC bfd_unexpected_downs=" + (ourDowns - ourMs.size()) + " count");
    System.out.println("METRIC frr_bfd_unexpected_downs=" + (frrDowns - frrMs.size()) + " count");
    System.out.println("METRIC bfd_retried_repetitions=" + failedOurs + " count");
    System.out.println("METRIC frr_bfd_retried_repetitions=" + failedFrr + " count");
  }

  /* ---- the lab ---- */

  private void setUp() throws IOException {
    for (String ns : List.of(router, ours, frrNode)) {
      run("ip", "netns", "add", ns);
      namespaces.add(ns);
      run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    link("eth1", ours, "192.0.2.1/24", "192.0.2.11/24");
    link("eth2", frrNode, "198.51.100.1/24", "198.51.100.12/24");
    writeFrr(router, "router", "192.0.2.11 local-address 192.0.2.1", "198.51.100.12 local-address 198.51.100.1");
    writeFrr(frrNode, "frrnode", "198.51.100.1 local-address 198.51.100.12");
    run("chown", "-R", "frr:frr", dir.toString());
    for (String ns : List.of(router, frrNode)) {
      Path d = dir.resolve(ns);
      start(ns, d.resolve("bfdd.out"), "/usr/lib/frr/bfdd", "--vty_socket", d.toString(), "-z", d.resolve("zserv.api").toString(),
          "-i", d.resolve("bfdd.pid").toString(), "-f", d.resolve("frr.conf").toString());
    }
  }

  private void link(String routerSide, String node, String routerAddress, String nodeAddress) {
    run("ip", "link", "add", routerSide, "netns", router, "type", "veth", "peer", "name", "eth0", "netns", node);
    run("ip", "-n", router, "addr", "add", routerAddress, "dev", routerSide);
    run("ip", "-n", node, "addr", "add", nodeAddress, "dev", "eth0");
    run("ip", "-n", router, "link", "set", routerSide, "up");
    run("ip", "-n", node, "link", "set", "eth0", "up");
  }

  private void writeFrr(String ns, String host, String... peers) throws IOException {
    Path d = Files.createDirectories(dir.resolve(ns));
    StringBuilder conf = new StringBuilder("frr defaults traditional\nhostname " + host + "\n"
        + "log timestamp precision 6\nlog file " + d.resolve("bfdd.log") + " debugging\ndebug bfd peer\n" + PROFILE);
    for (String p : peers) {
      conf.append(" peer ").append(p).append("\n  profile fast\n !\n");
    }
    Files.writeString(d.resolve("frr.conf"), conf.append("!\n").toString());
  }

  private void startNode(String classpath) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder("ip", "netns", "exec", ours, java.toString(), "-cp", classpath,
        "it.io.baremetallb.announcer.bgp.bfd.NetnsBfdNode", "192.0.2.1", "100", "100", "3")
        .redirectErrorStream(true).start();
    processes.add(p);
    nodeIn = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          nodeLines.add(line);
          nodeLog.add(line);
          if (line.startsWith("BFD UP")) {
            ourUp = true;
          } else if (line.startsWith("BFD DOWN")) {
            ourUp = false;
          }
        }
      } catch (IOException e) {
        nodeLines.add("READ FAILED " + e);
      }
    }, "bfd-node-output");
    reader.setDaemon(true);
    reader.start();
  }

  /* ---- one measurement ---- */

  @FunctionalInterface
  private interface Measurement {
    long run() throws Exception;
  }

  /**
   * One failover; when the session flapped on its own just before the cut (it happens to both
   * implementations on a loaded machine) and no Down followed, the link comes back and it runs again.
   */
  private long withRetries(String who, Measurement m) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return m.run();
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("# " + who + ": " + e.getMessage() + "; again");
        if (who.equals("ours")) {
          failedOurs++;
        } else {
          failedFrr++;
        }
      } finally {
        linkUp(who.equals("ours") ? "eth1" : "eth2");
      }
    }
  }

  private long ourFailover() throws Exception {
    awaitUp(() -> ourUp && frrSays(router, "192.0.2.11"));
    nodeLines.clear();
    long cut = linkDown("eth1");
    String down = nodeLine("BFD DOWN", 5);
    return (Long.parseLong(down.split(" ")[3]) - cut) / 1000;
  }

  private long frrFailover() throws Exception {
    Path log = dir.resolve(frrNode).resolve("bfdd.log");
    awaitUp(() -> frrSays(frrNode, "198.51.100.1") && frrSays(router, "198.51.100.12"));
    int seen = downLines(log).size();
    long cut = linkDown("eth2");
    if (!await(5_000, () -> downLines(log).size() > seen)) {
      throw new IllegalStateException("FRR's node did not declare the session down");
    }
    String line = downLines(log).get(seen);
    LocalDateTime at = LocalDateTime.parse(line.substring(0, 26), FRR_TIME);
    long micros = at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() * 1000 + at.getNano() / 1000 % 1000;
    return (micros - cut) / 1000;
  }

  private static List<String> downLines(Path log) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains("state-change") && l.contains("up -> down")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Takes a router link down; the time just after, in µs since the epoch. */
  private long linkDown(String iface) {
    String out = run("ip", "netns", "exec", router, "sh", "-c", "ip link set " + iface + " down && date +%s%6N");
    return Long.parseLong(out.trim());
  }

  private void linkUp(String iface) {
    run("ip", "-n", router, "link", "set", iface, "up");
  }

  /** The session Up on both ends, and for long enough that the Poll for the 100 ms rate has finished. */
  private void awaitUp(BooleanSupplier up) throws Exception {
    if (!await(15_000, up)) {
      throw new IllegalStateException("session did not come up: " + vtysh(router, "show bfd peers brief"));
    }
    Thread.sleep(1000);
    if (!up.getAsBoolean()) {
      throw new IllegalStateException("session went down again before the cut");
    }
  }

  private boolean frrSays(String ns, String peer) {
    return vtysh(ns, "show bfd peer " + peer).contains("Status: up");
  }

  private String vtysh(String ns, String command) {
    try {
      return run("ip", "netns", "exec", ns, "vtysh", "--vty_socket", dir.resolve(ns).toString(), "-c", command);
    } catch (IllegalStateException e) {
      return "";
    }
  }

  private String nodeLine(String prefix, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      String line = nodeLines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("our node did not say " + prefix);
  }

  /* ---- plumbing ---- */

  private String announcerClasspath() throws IOException {
    Path module = root.resolve("announcer-service");
    Path deps = module.resolve("target/bfd-bench-classpath.txt");
    if (!Files.exists(module.resolve("target/test-classes/it/io/baremetallb/announcer/bgp/bfd/NetnsBfdNode.class"))) {
      System.err.println("bench/run bfd: compiling announcer-service (mvn -o -q -pl announcer-service test-compile) ...");
      run(root, "mvn", "-B", "-o", "-q", "-pl", "announcer-service", "test-compile");
    }
    if (!Files.exists(deps)) {
      run(root, "mvn", "-B", "-o", "-q", "-pl", "announcer-service", "dependency:build-classpath",
          "-Dmdep.includeScope=test", "-Dmdep.outputFile=" + deps);
    }
    return module.resolve("target/classes") + ":" + module.resolve("target/test-classes") + ":" + Files.readString(deps).trim();
  }

  private static Path repositoryRoot() throws URISyntaxException {
    // bench/target/classes -> the repository
    Path classes = Path.of(BfdBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.getParent().getParent().getParent();
  }

  private void start(String ns, Path log, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  private synchronized void tearDown() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    processes.clear();
    for (String ns : namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IllegalStateException e) {
        // gone already
      }
    }
    namespaces.clear();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static boolean await(long millis, BooleanSupplier condition) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  private static String run(String... command) {
    return run(null, command);
  }

  private static String run(Path cwd, String... command) {
    return io.baremetallb.localcluster.lab.Commands.output(java.time.Duration.ofSeconds(600), cwd, command);
  }
}
