package io.baremetallb.bench.dns;

import io.baremetallb.ipam.dns.DnsAnswerer;
import io.baremetallb.ipam.dns.DnsConfig;
import io.baremetallb.ipam.dns.DnsServer;
import io.baremetallb.ipam.dns.InMemoryServiceDirectory;
import io.baremetallb.ipam.dns.Outcome;
import io.baremetallb.ipam.dns.ServiceRecord;
import io.baremetallb.ipam.dns.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code bench/run dns}: the DNS responder on 127.0.0.1 answering 10,000 Services, 70 % LoadBalancer
 * (A answers) and 30 % ExternalName (CNAME answers), asked by closed-loop UDP clients of ours (no
 * percentiles in dnsperf). Prints queries per second and latency percentiles across all clients,
 * the answerer's own rate without sockets, and, when Debian's dnsperf is installed, its figures for
 * the same names. {@code --quick} asks a tenth as many.
 */
public final class DnsBench {
  private static final int SERVICES = 10_000;
  private static final int NAMESPACES = 100;
  private static final long SEED = 7;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private DnsBench() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    int queries = quick ? 20_000 : 200_000;
    int clients = Integer.getInteger("dns.bench.clients", 4);
    InMemoryServiceDirectory directory = directory();
    List<byte[]> packets = queries(queries);
    DnsConfig config = DnsConfig.fromProperties(key -> Optional.ofNullable(Map.of(
        DnsConfig.KEY_BIND_ADDRESS, "127.0.0.1", DnsConfig.KEY_PORT, "0",
        DnsConfig.KEY_RATE_LIMIT, "0").get(key)));

    System.out.println("# dns: " + SERVICES + " Services, " + queries + " queries, " + clients
        + " clients, " + config.udpThreads() + " server threads, "
        + Runtime.getRuntime().availableProcessors() + " cpus");
    answererAlone(config, directory, packets, false); // warm-up
    answererAlone(config, directory, packets, true);
    try (DnsServer server = new DnsServer(config, directory)) {
      server.start();
      overLoopback(server.port(), packets.subList(0, packets.size() / 10), clients); // warm-up
      Result result = overLoopback(server.port(), packets, clients);
      printResult(result);
      String dnsperf = DnsPerf.find();
      if (dnsperf == null) {
        System.out.println("# dnsperf not installed (Debian package dnsperf): no side-by-side run");
      } else {
        DnsPerf.run(dnsperf, server.port(), names(quick ? 20_000 : 200_000), clients,
            quick ? 3 : 10);
      }
    }
  }

  /** LoadBalancer Services svc-N in ns-(N % 100) with a documentation IPv4; every tenth of three
   * an ExternalName instead. */
  static InMemoryServiceDirectory directory() {
    InMemoryServiceDirectory directory = new InMemoryServiceDirectory();
    for (int i = 0; i < SERVICES; i++) {
      String namespace = "ns-" + (i % NAMESPACES);
      if (i % 10 < 7) {
        byte[] ip = {(byte) 198, 51, 100, (byte) (1 + i % 254)};
        directory.put(ServiceRecord.loadBalancer(namespace, "svc-" + i, List.of(address(ip))));
      } else {
        directory.put(ServiceRecord.externalName(namespace, "svc-" + i, "target-" + i
            + ".example.com"));
      }
    }
    return directory;
  }

  private static InetAddress address(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (IOException e) {
      throw new IllegalStateException("bad benchmark address " + Arrays.toString(ip), e);
    }
  }

  /** Names of random Services (seeded), so the mix of A and CNAME answers follows the Service mix. */
  static List<String> names(int count) {
    Random random = new Random(SEED);
    List<String> names = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      int i = random.nextInt(SERVICES);
      names.add("svc-" + i + ".ns-" + (i % NAMESPACES) + ".svc.cluster.local.");
    }
    return names;
  }

  /** A-queries for {@link #names}. */
  static List<byte[]> queries(int count) {
    List<byte[]> packets = new ArrayList<>(count);
    for (String name : names(count)) {
      packets.add(Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A,
          DClass.IN)).toWire());
    }
    return packets;
  }

  private static void answererAlone(DnsConfig config, InMemoryServiceDirectory directory,
      List<byte[]> packets, boolean print) {
    DnsAnswerer answerer = new DnsAnswerer(config, directory);
    long errors = 0;
    long cpuStart = CPU.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (byte[] packet : packets) {
      Outcome outcome = answerer.answer(packet, packet.length, Transport.UDP);
      if (!(outcome instanceof Outcome.Reply) || ((Outcome.Reply) outcome).rcode() != 0) {
        errors++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMicros = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e3 / packets.size();
    if (print) {
      // CPU time per query does not depend on what else the machine runs; the rate does.
      System.out.printf("METRIC dns_answerer_qps=%.0f /s%n", packets.size() / seconds);
      System.out.printf("METRIC dns_answerer_cpu_us_per_query=%.1f us%n", cpuMicros);
    }
    if (print && errors > 0) {
      System.out.println("METRIC dns_answerer_errors=" + errors + " count");
    }
  }

  record Result(long answered, long errors, long timeouts, double seconds, long[] latencies) {
  }

  /** Splits the packets among closed-loop clients, each waiting for its answer before the next. */
  private static Result overLoopback(int port, List<byte[]> packets, int clients)
      throws InterruptedException {
    AtomicLong errors = new AtomicLong();
    AtomicLong timeouts = new AtomicLong();
    long[][] latencies = new long[clients][];
    Thread[] threads = new Thread[clients];
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      List<byte[]> share = packets.subList(c * packets.size() / clients,
          (c + 1) * packets.size() / clients);
      threads[c] = new Thread(() -> latencies[client] = client(port, share, errors, timeouts),
          "dns-bench-client-" + c);
      threads[c].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).filter(l -> l >= 0)
        .sorted().toArray();
    return new Result(all.length, errors.get(), timeouts.get(), seconds, all);
  }

  /** One client: returns the latency of each query in nanoseconds, -1 where it timed out. */
  private static long[] client(int port, List<byte[]> packets, AtomicLong errors,
      AtomicLong timeouts) {
    long[] latencies = new long[packets.size()];
    byte[] buffer = new byte[4096];
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      socket.setSoTimeout(1000);
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      for (int q = 0; q < packets.size(); q++) {
        byte[] query = packets.get(q);
        long sent = System.nanoTime();
        socket.send(new DatagramPacket(query, query.length));
        latencies[q] = receiveMatching(socket, in, query, errors, timeouts) ? System.nanoTime() - sent
            : -1;
      }
    } catch (IOException e) {
      throw new IllegalStateException("dns bench client on port " + port + ": " + e, e);
    }
    return latencies;
  }

  /** Waits for the reply with the query's ID; checks NOERROR and at least one answer record. */
  private static boolean receiveMatching(DatagramSocket socket, DatagramPacket in, byte[] query,
      AtomicLong errors, AtomicLong timeouts) throws IOException {
    byte[] reply = in.getData();
    while (true) {
      in.setLength(reply.length);
      try {
        socket.receive(in);
      } catch (SocketTimeoutException e) {
        timeouts.incrementAndGet();
        return false;
      }
      if (in.getLength() < 12 || reply[0] != query[0] || reply[1] != query[1]) {
        continue; // a late answer to an earlier, timed-out query
      }
      boolean noError = (reply[3] & 0x0f) == 0;
      boolean answered = ((reply[6] & 0xff) << 8 | (reply[7] & 0xff)) > 0;
      if (!noError || !answered) {
        errors.incrementAndGet();
      }
      return true;
    }
  }

  private static void printResult(Result result) {
    long[] l = result.latencies();
    System.out.printf("METRIC dns_qps=%.0f /s%n", result.answered() / result.seconds());
    System.out.printf("METRIC dns_latency_ms_p50=%.3f ms%n", percentile(l, 0.50) / 1e6);
    System.out.printf("METRIC dns_latency_ms_p99=%.3f ms%n", percentile(l, 0.99) / 1e6);
    System.out.printf("METRIC dns_latency_ms_max=%.3f ms%n", (l.length == 0 ? 0 : l[l.length - 1])
        / 1e6);
    System.out.println("METRIC dns_errors=" + result.errors() + " count");
    System.out.println("METRIC dns_timeouts=" + result.timeouts() + " count");
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
