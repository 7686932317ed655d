package io.baremetallb.localcluster.lab;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The network lab for network tests of any module: {@code try (Lab lab = Lab.up(Lab.uniquePrefix(), 3))
 * { lab.vipAdd("node2", "192.0.2.100"); lab.exec("client", "curl", ...); }}. It wraps
 * {@code local-cluster/lab/lab.sh}; closing it stops what it started and tears the lab down, and a
 * shutdown hook does the same if the JVM ends first.
 */
public final class Lab implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final String SCRIPT_PROPERTY = "bmlb.lab.sh";

  private final LabTopology topology;
  private final Path script;
  private final Map<String, String> env;
  private final List<Process> started = new ArrayList<>();
  private final Thread shutdownHook;
  private boolean closed;

  private Lab(LabTopology topology, Path script) {
    this.topology = topology;
    this.script = script;
    this.env = Map.of("LAB_CLASSPATH", classpath());
    this.shutdownHook = new Thread(this::tearDown, "lab-down-" + topology.prefix());
  }

  /** Builds a lab (lab.sh up); if that fails, nothing of it is left and this throws. */
  public static Lab up(String prefix, int nodes) {
    Lab lab = new Lab(new LabTopology(prefix, nodes), script());
    Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
    try {
      lab.labSh("up", "--nodes", Integer.toString(nodes));
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  /** A prefix no other run will pick: {@code l} and six random base-36 digits, then {@code -}. */
  public static String uniquePrefix() {
    String digits = Long.toString(Math.floorMod(new SecureRandom().nextLong(), 2176782336L), 36);
    return "l" + "0".repeat(6 - digits.length()) + digits + "-";
  }

  /** Why this machine cannot build a lab (for {@code assumeTrue}), or empty if it can. */
  public static Optional<String> whyUnavailable() {
    long uid = new com.sun.security.auth.module.UnixSystem().getUid();
    if (uid != 0) {
      return Optional.of("the network lab needs root (network namespaces); running as uid " + uid);
    }
    for (String tool : List.of("ip", "java", "setsid")) {
      if (onPath(tool).isEmpty()) {
        return Optional.of("the network lab needs '" + tool + "', which is not on the PATH");
      }
    }
    try {
      script();
    } catch (LabException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  public LabTopology topology() {
    return topology;
  }

  /** Runs {@code cmd} in a host's namespace (client, router, nodeK) to its end; never throws on exit codes. */
  public ExecResult exec(String host, String... cmd) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", topology.namespace(host)));
    command.addAll(List.of(cmd));
    return Commands.run(command, Map.of(), null, COMMAND_TIMEOUT);
  }

  /** Starts {@code cmd} in a host's namespace in the background; it is stopped (by its PID) on close. */
  public synchronized Process start(String host, Path log, String... cmd) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", topology.namespace(host)));
    command.addAll(List.of(cmd));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new LabException("starting " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }

  public void vipAdd(String node, String ip) {
    labSh("vip", "add", node, ip);
  }

  public void vipDel(String node, String ip) {
    labSh("vip", "del", node, ip);
  }

  public void podStart(String node, String name, int port) {
    labSh("pod", "start", node, name, "--port", Integer.toString(port));
  }

  public void podStop(String node, String name, int port) {
    labSh("pod", "stop", node, name, "--port", Integer.toString(port));
  }

  /** Pulls a host's cable at the bridge: its eth0 loses carrier and keeps its addresses. */
  public void linkDown(String host) {
    labSh("link", "down", host);
  }

  public void linkUp(String host) {
    labSh("link", "up", host);
  }

  /** The MAC a host's eth0 neighbour table holds for {@code ip} (IPv4 or IPv6), if any. */
  public Optional<String> neighbourMac(String host, String ip) {
    String family = ip.contains(":") ? "-6" : "-4";
    return lladdr(exec(host, "ip", family, "neigh", "show", ip, "dev", "eth0").orThrow().stdout());
  }

  /** The {@code lladdr} of an {@code ip neigh show} line: {@code 192.0.2.100 lladdr 02:00:00:00:00:12 REACHABLE}. */
  static Optional<String> lladdr(String neighShow) {
    String[] words = neighShow.strip().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("lladdr")) {
        return Optional.of(words[i + 1]);
      }
    }
    return Optional.empty();
  }

  /** Creates a Node object per node namespace in the API server of {@code kubeconfig}. */
  public void register(Path kubeconfig) {
    labSh("register", "--kubeconfig", kubeconfig.toString());
  }

  /**
   * Places pods of a Service on nodes (a node named twice gets two pods) and writes their Pods and
   * EndpointSlices; pods the Service had before and not now are stopped and deleted.
   */
  public void place(Path kubeconfig, String namespace, String service, int port, String... nodes) {
    List<String> args = new ArrayList<>(List.of("place", namespace, service));
    args.addAll(List.of(nodes));
    args.addAll(List.of("--port", Integer.toString(port), "--kubeconfig", kubeconfig.toString()));
    labSh(args.toArray(String[]::new));
  }

  public String status() {
    return labSh("status").stdout();
  }

  /** The same as {@link #close()}. */
  public void down() {
    close();
  }

  /** Stops the processes started through {@link #start}, then tears the lab down (lab.sh down). */
  @Override
  public void close() {
    tearDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private synchronized void tearDown() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process process : started) {
      process.destroy();
    }
    for (Process process : started) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    labSh("down");
  }

  private ExecResult labSh(String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString(), "--prefix", topology.prefix()));
    command.addAll(List.of(args));
    return Commands.run(command, env, null, COMMAND_TIMEOUT).orThrow();
  }

  /** lab.sh: the system property bmlb.lab.sh, else local-cluster/lab/lab.sh above the working directory. */
  static Path script() {
    String configured = System.getProperty(SCRIPT_PROPERTY);
    if (configured != null) {
      return requireExecutable(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("local-cluster/lab/lab.sh");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new LabException("cannot find local-cluster/lab/lab.sh above " + Path.of("").toAbsolutePath()
        + "; set -D" + SCRIPT_PROPERTY + "=PATH");
  }

  private static Path requireExecutable(Path script) {
    if (!Files.isExecutable(script)) {
      throw new LabException(SCRIPT_PROPERTY + "=" + script + " is not an executable file");
    }
    return script;
  }

  /** Where PodServer (and the registration's client-java) come from, for lab.sh's java commands. */
  private static String classpath() {
    try {
      String own = Path.of(PodServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      return own + File.pathSeparator + System.getProperty("java.class.path");
    } catch (URISyntaxException e) {
      throw new LabException("cannot locate the lab's classes: " + e.getMessage(), e);
    }
  }

  private static Optional<Path> onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
