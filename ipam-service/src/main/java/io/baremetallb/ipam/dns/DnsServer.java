package io.baremetallb.ipam.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS responder's I/O: a UDP and a TCP listener on the same address and port around one
 * {@link DnsAnswerer}. Readiness is {@link #isListening()}.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());
  /** Attempts to find an ephemeral port free for both UDP and TCP. */
  private static final int EPHEMERAL_ATTEMPTS = 20;
  /** Sources the rate limiter tracks at most (about 100 bytes each). */
  private static final int RATE_LIMIT_SOURCES = 100_000;

  private final DnsConfig config;
  private final DnsAnswerer answerer;
  private final RateLimiter limiter;
  private final LongSupplier nanoClock;
  private final DnsCounters counters = new DnsCounters();
  private UdpListener udp;
  private TcpListener tcp;
  private int port;

  public DnsServer(DnsConfig config, ServiceDirectory directory) {
    this(config, directory, System::nanoTime);
  }

  /** As above, with the clock the rate limiter reads (tests freeze it). */
  public DnsServer(DnsConfig config, ServiceDirectory directory, LongSupplier nanoClock) {
    this.config = config;
    this.answerer = new DnsAnswerer(config, directory);
    this.limiter = new RateLimiter(config.rateLimitQps(), config.rateLimitBurst(),
        RATE_LIMIT_SOURCES);
    this.nanoClock = nanoClock;
  }

  /**
   * Binds UDP and TCP and starts serving.
   *
   * @throws IOException naming the address and port when either cannot be bound
   */
  public synchronized void start() throws IOException {
    if (udp != null) {
      throw new IllegalStateException("dns server already started on port " + port);
    }
    warmUp();
    for (int attempt = 1; ; attempt++) {
      DatagramSocket datagram = bindUdp(config.port());
      try {
        ServerSocket stream = bindTcp(datagram.getLocalPort());
        port = datagram.getLocalPort();
        udp = new UdpListener(datagram, answerer, limiter, counters, nanoClock);
        tcp = new TcpListener(stream, answerer, counters, config.tcpMaxConnections(),
            config.tcpIdleTimeout());
        break;
      } catch (BindException e) {
        datagram.close();
        if (config.port() != 0 || attempt == EPHEMERAL_ATTEMPTS) {
          throw bindError("TCP", datagram.getLocalPort(), e);
        }
      }
    }
    udp.start(config.udpThreads());
    tcp.start();
    LOG.info("event=dnsListening address=" + config.bindAddress().getHostAddress() + " port=" + port
        + " zones=" + config.clusterZones() + " externalZones=" + config.externalZones());
  }

  /** The bound port (the ephemeral one when configured as 0); 0 before {@link #start()}. */
  public synchronized int port() {
    return port;
  }

  /** Whether both listeners are bound and their threads alive. */
  public synchronized boolean isListening() {
    return udp != null && udp.isRunning() && tcp.isRunning();
  }

  public DnsCounters counters() {
    return counters;
  }

  public DnsAnswerer answerer() {
    return answerer;
  }

  @Override
  public synchronized void close() {
    if (udp != null) {
      udp.close();
      tcp.close();
      LOG.info("event=dnsStopped port=" + port);
    }
  }

  /**
   * Answers one query before the listeners open, so dnsjava's classes are loaded (and its static
   * SecureRandom created) before readiness reports true, not during the first client's query.
   */
  private void warmUp() {
    Name apex = config.clusterZones().isEmpty() ? config.externalZones().get(0)
        : config.clusterZones().get(0);
    Message query = new Message(0);
    query.addRecord(Record.newRecord(apex, Type.SOA, DClass.IN), Section.QUESTION);
    byte[] wire = query.toWire();
    answerer.answer(wire, wire.length, Transport.UDP);
  }

  private DatagramSocket bindUdp(int wanted) throws IOException {
    try {
      return new DatagramSocket(new InetSocketAddress(config.bindAddress(), wanted));
    } catch (BindException e) {
      throw bindError("UDP", wanted, e);
    }
  }

  private ServerSocket bindTcp(int wanted) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(config.bindAddress(), wanted), 128);
      return server;
    } catch (IOException e) {
      server.close();
      throw e;
    }
  }

  private BindException bindError(String protocol, int wanted, BindException cause) {
    BindException error = new BindException("dns: cannot bind " + protocol + " "
        + config.bindAddress().getHostAddress() + ":" + wanted + " (" + DnsConfig.KEY_PORT + "): "
        + cause.getMessage());
    error.initCause(cause);
    return error;
  }
}
