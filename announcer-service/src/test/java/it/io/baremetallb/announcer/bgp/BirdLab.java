package it.io.baremetallb.announcer.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A router namespace running BIRD (192.0.2.1, AS 64512) and a node namespace (192.0.2.11,
 * 2001:db8:0:1::11) on one veth pair, named {@code hb-XXXX-r} / {@code hb-XXXX-n}. {@link #close}
 * stops BIRD by its process and deletes both namespaces and the temporary directory.
 */
final class BirdLab implements AutoCloseable {
  final String router;
  final String node;
  final Path dir;
  private Process bird;

  private BirdLab(String prefix) throws IOException {
    router = prefix + "-r";
    node = prefix + "-n";
    dir = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Skips the test (with the reason) without root or BIRD; otherwise both namespaces, linked. */
  static BirdLab up() throws IOException {
    Assumptions.assumeTrue(Netns.isRoot(), "network namespaces need root");
    for (String b : new String[] {"ip", "bird", "birdc"}) {
      Assumptions.assumeTrue(Netns.hasBinary(b), "needs " + b + " (Debian packages iproute2 bird2)");
    }
    BirdLab lab = new BirdLab("hb-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()));
    try {
      Netns.pair(lab.router, "1", lab.node, "11");
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  /** BIRD with one BGP protocol {@code name} to the node (AS 64513), LAB-NOTES timers, plus {@code extra}. */
  void startBird(String name, String extra) throws IOException {
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, String.join("\n",
        "router id 192.0.2.1;",
        "protocol device {}",
        "protocol bgp " + name + " { local 192.0.2.1 as 64512; neighbor 192.0.2.11 as 64513; " + extra,
        "  ipv4 { import all; export none; }; ipv6 { import all; export none; };",
        "  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,5;",
        "  graceful restart off; }", ""));
    bird = new ProcessBuilder(Netns.inNs(router, "bird", "-f", "-c", conf.toString(), "-s", ctl(), "-P",
        dir.resolve("bird.pid").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile())
        .start();
  }

  String ctl() {
    return dir.resolve("bird.ctl").toString();
  }

  /** A birdc command's output, "" while BIRD is not answering. */
  String birdc(String... command) {
    return birdcAt(ctl(), command);
  }

  /** The same for any BIRD: its control socket is a file, so no need to enter the namespace. */
  static String birdcAt(String ctl, String... command) {
    String[] all = new String[command.length + 3];
    all[0] = "birdc";
    all[1] = "-s";
    all[2] = ctl;
    System.arraycopy(command, 0, all, 3, command.length);
    try {
      return Netns.run(all);
    } catch (IllegalStateException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (bird != null) {
      bird.destroy();
    }
    Netns.deleteNamespaces(router, node);
    Netns.deleteTree(dir);
  }
}
