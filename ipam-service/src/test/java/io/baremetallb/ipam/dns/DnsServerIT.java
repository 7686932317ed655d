package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.query;
import static io.baremetallb.ipam.dns.DnsFixtures.services;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server on loopback with real sockets: UDP, TCP framing, rate limit, hostile input. */
class DnsServerIT {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** The rate limiter's clock stands still, so buckets never refill during a test. */
  private final AtomicLong frozenClock = new AtomicLong();
  private final InMemoryServiceDirectory directory = services();
  private DnsServer server;

  private DnsServer start(String... config) throws IOException {
    String[] keyValues = new String[config.length + 4];
    keyValues[0] = DnsConfig.KEY_BIND_ADDRESS;
    keyValues[1] = "127.0.0.1";
    keyValues[2] = DnsConfig.KEY_PORT;
    keyValues[3] = "0";
    System.arraycopy(config, 0, keyValues, 4, config.length);
    server = new DnsServer(standardConfig(keyValues), directory, frozenClock::get);
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private SimpleResolver resolver(boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(LOOPBACK, server.port()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(10));
    return resolver;
  }

  /**
   * Asks over UDP like a stub resolver does, retrying: after a flood the kernel may have dropped
   * our query from a full socket buffer, which says nothing about the server.
   */
  private void assertStillAnswers() throws IOException {
    SimpleResolver resolver = resolver(false);
    resolver.setTimeout(Duration.ofSeconds(2));
    Message response = null;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = resolver.send(query("search.dev.svc.cluster.local", Type.A));
      } catch (IOException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
    assertEquals(Rcode.NOERROR, response.getRcode());
    assertEquals("www.baidu.com.", response.getSection(Section.ANSWER).get(0).rdataToString());
    assertTrue(server.isListening(), "still listening");
  }

  @Test
  void answersOverUdpAndTcpOnTheSamePort() throws IOException {
    start();
    assertTrue(server.isListening());
    assertTrue(server.port() > 0);
    for (boolean tcp : new boolean[] {false, true}) {
      Message response = resolver(tcp).send(query("web.dev.svc.cluster.local", Type.AAAA));
      assertEquals(1, response.getSection(Section.ANSWER).size(), "tcp=" + tcp);
    }
    assertEquals(2L, server.counters().queriesByType().get("AAAA"));
    assertEquals(2L, server.counters().responsesByRcode().get("NOERROR"));
  }

  @Test
  void truncatedUdpAnswerIsCompletedOverTcp() throws IOException {
    start();
    SimpleResolver udpOnly = resolver(false);
    udpOnly.setIgnoreTruncation(true);
    Message truncated = udpOnly.send(query("many.prod.svc.cluster.local", Type.A));
    assertTrue(truncated.getHeader().getFlag(Flags.TC));
    Message whole = resolver(true).send(query("many.prod.svc.cluster.local", Type.A));
    assertEquals(DnsFixtures.MANY, whole.getSection(Section.ANSWER).size());
    assertEquals(1, server.counters().truncated());
  }

  @Test
  void udpSourceOverItsBurstGetsSilence() throws IOException {
    start(DnsConfig.KEY_RATE_LIMIT, "1", DnsConfig.KEY_RATE_LIMIT_BURST, "5");
    byte[] query = query("web.dev.svc.cluster.local", Type.A).toWire();
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      for (int i = 0; i < 10; i++) {
        client.send(new DatagramPacket(query, query.length, LOOPBACK, server.port()));
      }
      byte[] buffer = new byte[2048];
      client.setSoTimeout(10_000);
      for (int i = 0; i < 5; i++) {
        client.receive(new DatagramPacket(buffer, buffer.length));
      }
      awaitDrops(5);
      client.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class,
          () -> client.receive(new DatagramPacket(buffer, buffer.length)), "no sixth reply");
    }
    Message overTcp = resolver(true).send(query("web.dev.svc.cluster.local", Type.A));
    assertEquals(Rcode.NOERROR, overTcp.getRcode(), "TCP cannot be spoofed and is not limited");
  }

  /** Waits until the server has counted {@code expected} rate-limited packets (at most 10 s). */
  private void awaitDrops(long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.counters().dropped(DropReason.RATE_LIMITED) < expected
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    assertEquals(expected, server.counters().dropped(DropReason.RATE_LIMITED));
  }

  @Test
  void deletedLoadBalancerStopsResolving() throws IOException {
    start();
    directory.put(ServiceRecord.loadBalancer("dev", "shortlived", DnsFixtures.ips("203.0.113.7")));
    Message before = resolver(false).send(query("shortlived.dev.lb.example.test", Type.A));
    assertEquals("203.0.113.7", before.getSection(Section.ANSWER).get(0).rdataToString());
    directory.remove("dev", "shortlived");
    Message after = resolver(false).send(query("shortlived.dev.lb.example.test", Type.A));
    assertEquals(Rcode.NXDOMAIN, after.getRcode());
  }

  @Test
  void survivesThousandsOfHostileDatagrams() throws IOException {
    start(DnsConfig.KEY_RATE_LIMIT, "0");
    DnsFuzz fuzz = new DnsFuzz(7L);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      for (int i = 0; i < 5_000; i++) {
        byte[] packet = fuzz.next();
        client.send(new DatagramPacket(packet, packet.length, LOOPBACK, server.port()));
      }
    }
    assertStillAnswers();
  }

  @Test
  void survivesBrokenTcpFramesAndAnswersPipelinedQueries() throws IOException {
    start();
    try (Socket zeroLength = new Socket(LOOPBACK, server.port())) {
      zeroLength.getOutputStream().write(new byte[] {0, 0});
      zeroLength.setSoTimeout(5_000);
      assertEquals(-1, zeroLength.getInputStream().read(), "an empty message closes the connection");
    }
    try (Socket cutShort = new Socket(LOOPBACK, server.port())) {
      cutShort.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, 1, 2, 3});
    }
    try (Socket pipelined = new Socket(LOOPBACK, server.port())) {
      byte[] a = query("web.dev.svc.cluster.local", Type.A).toWire();
      byte[] b = query("search.dev.svc.cluster.local", Type.A).toWire();
      OutputStream out = pipelined.getOutputStream();
      out.write(concat(TcpListener.frame(a), TcpListener.frame(b)));
      pipelined.setSoTimeout(5_000);
      DataInputStream in = new DataInputStream(pipelined.getInputStream());
      for (String expected : new String[] {"192.0.2.10", "www.baidu.com."}) {
        byte[] response = new byte[in.readUnsignedShort()];
        in.readFully(response);
        assertEquals(expected,
            new Message(response).getSection(Section.ANSWER).get(0).rdataToString());
      }
    }
    assertStillAnswers();
  }

  @Test
  void idleTcpConnectionIsClosed() throws IOException {
    start(DnsConfig.KEY_TCP_IDLE_TIMEOUT_MS, "200");
    try (Socket idle = new Socket(LOOPBACK, server.port())) {
      idle.setSoTimeout(10_000);
      assertEquals(-1, idle.getInputStream().read());
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndOthersStillServed() throws IOException {
    start(DnsConfig.KEY_TCP_MAX_CONNECTIONS, "1");
    try (Socket holder = new Socket(LOOPBACK, server.port());
        Socket extra = new Socket(LOOPBACK, server.port())) {
      byte[] query = query("web.dev.svc.cluster.local", Type.A).toWire();
      holder.getOutputStream().write(TcpListener.frame(query));
      holder.setSoTimeout(5_000);
      assertTrue(new DataInputStream(holder.getInputStream()).readUnsignedShort() > 0,
          "the held connection is being served");
      extra.setSoTimeout(5_000);
      assertEquals(-1, extra.getInputStream().read(), "no thread left for a second connection");
    }
    assertStillAnswers();
  }

  @Test
  void portInUseIsABindErrorNamingTheAddress() throws IOException {
    start();
    DnsServer second = new DnsServer(standardConfig(DnsConfig.KEY_BIND_ADDRESS, "127.0.0.1",
        DnsConfig.KEY_PORT, String.valueOf(server.port())), services());
    BindException e = assertThrows(BindException.class, second::start);
    assertTrue(e.getMessage().startsWith("dns: cannot bind UDP 127.0.0.1:" + server.port()),
        e.getMessage());
    assertFalse(second.isListening());
  }

  @Test
  void servesOnIpv6Loopback() throws IOException {
    InetAddress v6 = InetAddress.getByName("::1");
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      probe.getLocalPort();
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
    }
    server = new DnsServer(standardConfig(DnsConfig.KEY_BIND_ADDRESS, "::1", DnsConfig.KEY_PORT,
        "0"), directory);
    server.start();
    for (boolean tcp : new boolean[] {false, true}) {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(v6, server.port()));
      resolver.setTCP(tcp);
      resolver.setTimeout(Duration.ofSeconds(10));
      Message response = resolver.send(query("web.dev.lb.example.test", Type.A));
      assertEquals("192.0.2.10", response.getSection(Section.ANSWER).get(0).rdataToString());
    }
  }

  @Test
  void stopsListeningWhenClosed() throws IOException {
    start();
    server.close();
    assertFalse(server.isListening());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
