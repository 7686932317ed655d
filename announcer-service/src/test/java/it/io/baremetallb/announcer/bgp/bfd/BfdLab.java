package it.io.baremetallb.announcer.bgp.bfd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Two namespaces, {@code hf-XXXX-r} (the router: FRR) and {@code hf-XXXX-n} (the node: our
 * {@link NetnsBfdNode}), joined by a veth pair: 192.0.2.1 / 2001:db8:0:1::1 and 192.0.2.11 /
 * 2001:db8:0:1::11. Every process is started here and stopped by its own handle; the namespaces
 * and the temporary directory go in {@link #close()}, also when a test failed.
 */
final class BfdLab implements AutoCloseable {
  final String router;
  final String node;
  final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> created = new ArrayList<>();

  BfdLab() throws IOException {
    String id = "hf-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    router = id + "-r";
    node = id + "-n";
    dir = Files.createTempDirectory(id);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      for (String ns : List.of(router, node)) {
        run("ip", "netns", "add", ns);
        created.add(ns);
      }
      run("ip", "link", "add", "eth0", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", node);
      for (String[] host : new String[][] {{router, "1"}, {node, "11"}}) {
        run("ip", "-n", host[0], "link", "set", "lo", "up");
        run("ip", "netns", "exec", host[0], "sysctl", "-qw", "net.ipv6.conf.all.keep_addr_on_down=1");
        run("ip", "-n", host[0], "addr", "add", "192.0.2." + host[1] + "/24", "dev", "eth0");
        run("ip", "-n", host[0], "addr", "add", "2001:db8:0:1::" + host[1] + "/64", "dev", "eth0", "nodad");
        run("ip", "-n", host[0], "link", "set", "eth0", "up");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static boolean isRoot() {
    try {
      return run("id", "-u").trim().equals("0");
    } catch (IllegalStateException e) {
      return false;
    }
  }

  static boolean hasFrr() {
    return Files.isExecutable(Path.of("/usr/lib/frr/bfdd")) && Files.isExecutable(Path.of("/usr/bin/vtysh"));
  }

  /** FRR's daemons in the router namespace, in the foreground, owned by this lab. */
  void startFrr(String config, String... daemons) throws IOException {
    Path frr = dir.resolve("frr");
    Files.createDirectories(frr);
    Files.writeString(frr.resolve("frr.conf"), config);
    run("chown", "-R", "frr:frr", frr.toString()); // LAB-NOTES: FRR's vty refuses root's directories
    for (String d : daemons) {
      startFrrDaemon(d);
    }
  }

  /** One FRR daemon on the configuration {@link #startFrr} wrote; its process, ours to stop. */
  Process startFrrDaemon(String daemon) throws IOException {
    Path frr = dir.resolve("frr");
    return start(router, daemon + ".log", "/usr/lib/frr/" + daemon, "--vty_socket", frr.toString(),
        "-z", frr.resolve("zserv.api").toString(), "-i", frr.resolve(daemon + ".pid").toString(),
        "-f", frr.resolve("frr.conf").toString(), "--log", "file:" + frr.resolve(daemon + ".frrlog"));
  }

  String vtysh(String command) {
    try {
      return run("ip", "netns", "exec", router, "vtysh", "--vty_socket", dir.resolve("frr").toString(), "-c", command);
    } catch (IllegalStateException e) {
      return ""; // not listening yet
    }
  }

  /** Our node as a child JVM with the test classpath. */
  Node startNode(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", node,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        NetnsBfdNode.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    return new Node(p);
  }

  Process start(String ns, String log, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    processes.add(p);
    return p;
  }

  void in(String ns, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    for (String ns : created) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IllegalStateException e) {
        // gone already
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  static String run(String... command) {
    return io.baremetallb.localcluster.lab.Commands.output(java.time.Duration.ofSeconds(30), null, command);
  }

  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  /** The node's output lines, and its stdin for commands. */
  static final class Node {
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> log = new ArrayList<>();

    Node(Process p) {
      in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (log) {
              log.add(line);
            }
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("READ FAILED " + e);
        }
      }, "bfd-node-output");
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
    }

    /** The next line starting with {@code prefix}, skipping others. */
    String expect(String prefix, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        String got = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (got != null && got.startsWith(prefix)) {
          return got;
        }
      }
      throw new AssertionError("node did not say '" + prefix + "…'; it said " + log());
    }

    /**
     * The next line starting with each of {@code prefixes}, in the order of the prefixes, whatever order
     * the lines come in (two listeners of one event print in either order), skipping others.
     */
    List<String> expectEach(Duration timeout, String... prefixes) throws InterruptedException {
      String[] found = new String[prefixes.length];
      int missing = prefixes.length;
      long end = System.nanoTime() + timeout.toNanos();
      while (missing > 0 && System.nanoTime() < end) {
        String got = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        for (int i = 0; got != null && i < prefixes.length; i++) {
          if (found[i] == null && got.startsWith(prefixes[i])) {
            found[i] = got;
            missing--;
            break;
          }
        }
      }
      if (missing > 0) {
        throw new AssertionError("node did not say all of " + List.of(prefixes) + "; it said " + log());
      }
      return List.of(found);
    }

    /** Whether any line so far starts with {@code prefix}, in whatever order lines came. */
    boolean said(String prefix) {
      return log().stream().anyMatch(l -> l.startsWith(prefix));
    }

    List<String> log() {
      synchronized (log) {
        return List.copyOf(log);
      }
    }
  }
}
