package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.services;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document's command, {@code dig @10.96.0.10 search.dev.svc.cluster.local}, pointed at our
 * responder on loopback. dig comes from Debian's dnsutils; without it these tests skip.
 */
class DnsDigIT {
  private static DnsServer server;

  @BeforeAll
  static void startServer() throws IOException {
    assumeTrue(digPath() != null, "dig is not installed (Debian package dnsutils); skipping");
    server = new DnsServer(standardConfig(DnsConfig.KEY_BIND_ADDRESS, "127.0.0.1",
        DnsConfig.KEY_PORT, "0"), services());
    server.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static String digPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      File dig = new File(dir, "dig");
      if (dig.canExecute()) {
        return dig.getPath();
      }
    }
    return null;
  }

  /** Runs dig against our port and returns its output; fails if dig fails or hangs. */
  private static String dig(String... args) throws IOException, InterruptedException {
    return dig(server.port(), args);
  }

  /** Runs dig against {@code port} on 127.0.0.1; fails if dig fails or hangs. */
  static String dig(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(digPath(), "@127.0.0.1", "-p",
        String.valueOf(port)));
    command.addAll(List.of(args));
    Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(dig.waitFor(30, TimeUnit.SECONDS), "dig finished");
      assertEquals(0, dig.exitValue(), output);
      return output;
    } finally {
      dig.destroyForcibly();
    }
  }

  /** As {@link #dig(int, String...)}, for polling: an interrupted or failed run is an assertion error. */
  static String digQuietly(int port, String... args) {
    try {
      return dig(port, args);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("dig " + String.join(" ", args), e);
    }
  }

  static void assertLine(String regex, String output) {
    assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(output).find(),
        "no line matching " + regex + " in\n" + output);
  }

  @Test
  void documentsDigCommandGetsTheCname() throws Exception {
    String output = dig("search.dev.svc.cluster.local");
    assertLine("^search\\.dev\\.svc\\.cluster\\.local\\.\\s+5\\s+IN\\s+CNAME\\s+www\\.baidu\\.com\\.$",
        output);
    assertLine("status: NOERROR", output);
    assertLine("^;; flags: qr aa rd;", output);
  }

  @Test
  void loadBalancerNamesResolveToTheirIngressIps() throws Exception {
    assertEquals("192.0.2.10\n", dig("web.dev.lb.example.test", "A", "+short"));
    assertEquals("2001:db8::10\n", dig("web.dev.svc.cluster.local", "AAAA", "+short"));
  }

  @Test
  void tcpQueryGetsTheSameAnswer() throws Exception {
    assertLine("^search\\.dev\\.svc\\.cluster\\.local\\.\\s+5\\s+IN\\s+CNAME\\s+www\\.baidu\\.com\\.$",
        dig("+tcp", "search.dev.svc.cluster.local"));
  }

  @Test
  void smallBufferTruncatesAndTcpGivesEveryRecord() throws Exception {
    String truncated = dig("+bufsize=512", "+ignore", "many.prod.svc.cluster.local", "A");
    assertLine("^;; flags: qr aa tc rd;", truncated);
    String whole = dig("+tcp", "many.prod.svc.cluster.local", "A");
    assertLine("ANSWER: " + DnsFixtures.MANY + ",", whole);
  }

  @Test
  void missingNameIsNxdomainWithSoa() throws Exception {
    String output = dig("nope.dev.svc.cluster.local");
    assertLine("status: NXDOMAIN", output);
    assertLine("^cluster\\.local\\.\\s+5\\s+IN\\s+SOA\\s+ns\\.dns\\.cluster\\.local\\. ", output);
  }
}
