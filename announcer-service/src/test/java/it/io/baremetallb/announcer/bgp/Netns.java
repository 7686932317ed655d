package it.io.baremetallb.announcer.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Small helpers for network-namespace tests: run a command, wait for a condition. */
public final class Netns {
  private Netns() {
  }

  static boolean isRoot() {
    try {
      return run("id", "-u").trim().equals("0");
    } catch (IllegalStateException e) {
      return false;
    }
  }

  static boolean hasBinary(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", name));
  }

  /** Runs a command to completion; its output, or IllegalStateException naming it when it fails. */
  static String run(String... command) {
    return io.baremetallb.localcluster.lab.Commands.output(java.time.Duration.ofSeconds(30), null, command);
  }

  static List<String> inNs(String ns, String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(command));
    return all;
  }

  /**
   * Two new namespaces joined by a veth pair ({@code eth0} on both ends), with loopback up and
   * 192.0.2.{@code aHost}/24 and 2001:db8:0:1::{@code aHost}/64 (likewise {@code b}).
   */
  static void pair(String a, String aHost, String b, String bHost) {
    run("ip", "netns", "add", a);
    run("ip", "netns", "add", b);
    run("ip", "link", "add", "eth0", "netns", a, "type", "veth", "peer", "name", "eth0", "netns", b);
    for (String[] host : new String[][] {{a, aHost}, {b, bHost}}) {
      run("ip", "-n", host[0], "link", "set", "lo", "up");
      run("ip", "-n", host[0], "addr", "add", "192.0.2." + host[1] + "/24", "dev", "eth0");
      run("ip", "-n", host[0], "addr", "add", "2001:db8:0:1::" + host[1] + "/64", "dev", "eth0", "nodad");
      run("ip", "-n", host[0], "link", "set", "eth0", "up");
    }
  }

  /** Deletes the named namespaces (nulls skipped); one already gone or never created is no error. */
  static void deleteNamespaces(String... names) {
    for (String ns : names) {
      if (ns != null) {
        try {
          run("ip", "netns", "del", ns);
        } catch (IllegalStateException e) {
          // already gone (a shutdown hook may run after @AfterEach) or never created
        }
      }
    }
  }

  /** Deletes a temporary directory and everything in it, best effort. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Polls until the condition holds; false after the timeout. */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }
}
