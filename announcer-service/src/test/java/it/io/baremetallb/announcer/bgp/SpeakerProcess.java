package it.io.baremetallb.announcer.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Our speaker ({@link NetnsSpeaker}) as a child JVM in a namespace, started with
 * {@code ip netns exec} and the test's own classpath; commands on its stdin, its lines read back.
 */
final class SpeakerProcess implements AutoCloseable {
  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  private final List<String> log = new ArrayList<>();

  /** Speaker AS 64513+ at {@code address} (192.0.2.x) peering with the router 192.0.2.1, AS 64512. */
  SpeakerProcess(String namespace, long asn, String address, String nextHopV6) throws IOException {
    this(namespace, asn, address, nextHopV6, "-", 0);
  }

  /** The same with a TCP MD5 password ({@code -} for none) and a TTL (0: the system's). */
  SpeakerProcess(String namespace, long asn, String address, String nextHopV6, String md5Password, int ttl)
      throws IOException {
    this(namespace, NetnsSpeaker.class, Long.toString(asn), "64512", address, "192.0.2.1", address, nextHopV6,
        md5Password, Integer.toString(ttl));
  }

  /** Any main class of the test classpath, with its arguments, in the namespace. */
  SpeakerProcess(String namespace, Class<?> main, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(Netns.inNs(namespace, command.toArray(String[]::new))).redirectErrorStream(true).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "speaker-output-" + namespace);
    reader.setDaemon(true);
    reader.start();
  }

  private void readLines() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (log) {
          log.add(line);
        }
        out.add(line);
      }
    } catch (IOException e) {
      out.add("READ FAILED " + e);
    }
  }

  /** Sends a command and waits for the speaker to confirm it. */
  void tell(String command) throws IOException, InterruptedException {
    send(command);
    expect("OK " + command, Duration.ofSeconds(10));
  }

  void send(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
  }

  void expect(String line, Duration timeout) throws InterruptedException {
    String got = expectStartingWith(line, timeout);
    if (!got.equals(line)) {
      expect(line, timeout);
    }
  }

  /** The next line that starts with {@code prefix}. */
  String expectStartingWith(String prefix, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String got = out.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (got != null && got.startsWith(prefix)) {
        return got;
      }
    }
    throw new AssertionError("speaker did not say '" + prefix + "…'; it said " + log());
  }

  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  long count(String prefix) {
    return log().stream().filter(l -> l.startsWith(prefix)).count();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
