package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the interfaces of this network namespace from sysfs ({@code /sys/class/net}). Only
 * I/O: choosing where to answer is {@code InterfaceSelection}'s job. {@code ip netns exec}
 * remounts /sys for the namespace it enters, so the view matches the sockets we open.
 */
public final class InterfaceScanner {
  public static final Path SYSFS_NET = Path.of("/sys/class/net");
  private final Path root;

  public InterfaceScanner() {
    this(SYSFS_NET);
  }

  /** Reads a tree laid out like {@code /sys/class/net} (tests pass a temporary directory). */
  public InterfaceScanner(Path root) {
    this.root = root;
  }

  /** Every interface, sorted by name. An interface that vanishes while being read is left out. */
  public List<InterfaceInfo> scan() throws IOException {
    List<InterfaceInfo> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        try {
          out.add(read(dir));
        } catch (NoSuchFileException gone) {
          // removed between list and read: it is not there to answer on
        }
      }
    }
    return out;
  }

  InterfaceInfo read(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    Optional<MacAddress> mac = readOptional(dir.resolve("address")).filter(s -> !s.isEmpty())
        .flatMap(InterfaceScanner::parseMac);
    Optional<String> master = Files.isSymbolicLink(dir.resolve("master"))
        ? Optional.of(Files.readSymbolicLink(dir.resolve("master")).getFileName().toString())
        : Optional.empty();
    return new InterfaceInfo(name, Integer.parseInt(readText(dir.resolve("ifindex"))),
        Integer.parseInt(readText(dir.resolve("type"))), mac,
        Integer.decode(readText(dir.resolve("flags"))),
        readOptional(dir.resolve("operstate")).orElse("unknown"),
        readOptional(dir.resolve("carrier")).map("1"::equals).orElse(false), master,
        Files.isDirectory(dir.resolve("brport")), Files.isDirectory(dir.resolve("bonding_slave")));
  }

  private static Optional<MacAddress> parseMac(String text) {
    try {
      return Optional.of(MacAddress.parse(text));
    } catch (IllegalArgumentException notEthernet) {
      return Optional.empty(); // tunnels and InfiniBand have other address lengths
    }
  }

  private static String readText(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.US_ASCII).trim();
  }

  /** sysfs answers EINVAL for {@code carrier} of a down interface: that reads as absent. */
  private static Optional<String> readOptional(Path p) throws IOException {
    try {
      return Optional.of(readText(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.exists(p)) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
