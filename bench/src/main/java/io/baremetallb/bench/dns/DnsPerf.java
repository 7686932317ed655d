package io.baremetallb.bench.dns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same query mix through Debian's {@code dnsperf} (package dnsperf), a load generator people
 * know, next to our own client. dnsperf reports throughput and the mean latency (no percentiles).
 */
final class DnsPerf {
  private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
  private static final Pattern AVERAGE = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
  private static final Pattern LOST = Pattern.compile("Queries lost:\\s+([0-9]+)");

  private DnsPerf() {
  }

  /** dnsperf's path, or null when it is not installed. */
  static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File dnsperf = new File(dir, "dnsperf");
      if (dnsperf.canExecute()) {
        return dnsperf.getPath();
      }
    }
    return null;
  }

  /** Runs dnsperf against 127.0.0.1:port for {@code seconds} with the names as A questions. */
  static void run(String dnsperf, int port, List<String> names, int clients, int seconds)
      throws IOException, InterruptedException {
    Path data = Files.createTempFile("dns-bench-", ".txt");
    try {
      List<String> lines = new ArrayList<>(names.size());
      names.forEach(name -> lines.add(name + " A"));
      Files.write(data, lines, StandardCharsets.US_ASCII);
      Process process = new ProcessBuilder(dnsperf, "-s", "127.0.0.1", "-p", String.valueOf(port),
          "-d", data.toString(), "-c", String.valueOf(clients), "-l", String.valueOf(seconds))
          .redirectErrorStream(true).start();
      String output;
      try {
        output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
          throw new IOException("dnsperf did not finish within " + (seconds + 30) + " s");
        }
      } finally {
        process.destroyForcibly();
      }
      System.out.printf("METRIC dns_qps_dnsperf=%.0f /s%n", Double.parseDouble(group(QPS, output)));
      System.out.printf("METRIC dns_latency_ms_avg_dnsperf=%.3f ms%n",
          Double.parseDouble(group(AVERAGE, output)) * 1000);
      System.out.printf("METRIC dns_lost_dnsperf=%s count%n", group(LOST, output));
    } finally {
      Files.deleteIfExists(data);
    }
  }

  private static String group(Pattern pattern, String output) throws IOException {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IOException("dnsperf output has no line matching " + pattern + ":\n" + output);
    }
    return m.group(1);
  }
}
