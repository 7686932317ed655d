package it.io.baremetallb.announcer.membership;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A MemberMain child JVM in a namespace, and what it printed, parsed. */
final class MemberProcess implements AutoCloseable {
  /** A view the member installed, at wall-clock millisecond {@code at}. */
  record Seen(long at, List<String> members, boolean merge, boolean quorum) {
  }

  final String name;
  final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Seen> views = new ArrayList<>();
  private Set<String> owned = Set.of();
  private long ownedAt;

  MemberProcess(String name, String netns, String... args) throws IOException {
    this.name = name;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, java, "-Xmx128m",
        "-Djava.net.preferIPv4Stack=true", "-Djgroups.use.jdk_logger=true", "-cp", System.getProperty("java.class.path"), MemberMain.class.getName()));
    cmd.addAll(Arrays.asList(args));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread reader = new Thread(this::read, "read-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        parse(line);
      }
    } catch (IOException e) {
      parse("READ FAILED " + e);
    }
  }

  private synchronized void parse(String line) {
    lines.add(line);
    String[] f = line.split(" ");
    if (f[0].equals("VIEW") && f.length == 5) {
      views.add(new Seen(Long.parseLong(f[1]), List.of(f[2].split(",")), f[3].equals("merge=true"), f[4].equals("quorum=true")));
    } else if (f[0].equals("OWNED") && f.length >= 3) {
      owned = f[2].equals("-") ? Set.of() : new TreeSet<>(List.of(f[2].split(",")));
      ownedAt = Long.parseLong(f[1]);
    }
  }

  synchronized Seen view() {
    return views.isEmpty() ? new Seen(0, List.of(), false, false) : views.get(views.size() - 1);
  }

  /** The first view installed at or after {@code since} whose members are exactly {@code members}. */
  synchronized Seen firstViewSince(long since, Set<String> members) {
    for (Seen s : views) {
      if (s.at() >= since && Set.copyOf(s.members()).equals(members)) {
        return s;
      }
    }
    return null;
  }

  synchronized Set<String> owned() {
    return owned;
  }

  synchronized long ownedAt() {
    return ownedAt;
  }

  synchronized List<String> log() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
