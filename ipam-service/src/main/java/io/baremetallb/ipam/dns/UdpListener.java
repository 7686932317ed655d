package io.baremetallb.ipam.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives UDP queries on a bound socket with a fixed number of threads, each of which receives,
 * answers and sends in turn (answers come from memory, so there is nothing to wait for). A source
 * over its rate gets silence, never an error response: an error response would still be traffic
 * aimed at whoever the source address really belongs to.
 */
final class UdpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());
  /** The largest UDP payload; a bigger datagram cannot arrive. */
  private static final int MAX_DATAGRAM = 65_535;

  private final DatagramSocket socket;
  private final DnsAnswerer answerer;
  private final RateLimiter limiter;
  private final DnsCounters counters;
  private final LongSupplier nanoClock;
  private final List<Thread> threads = new ArrayList<>();

  UdpListener(DatagramSocket socket, DnsAnswerer answerer, RateLimiter limiter,
      DnsCounters counters, LongSupplier nanoClock) {
    this.socket = socket;
    this.answerer = answerer;
    this.limiter = limiter;
    this.counters = counters;
    this.nanoClock = nanoClock;
  }

  void start(int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(this::receiveLoop, "dns-udp-" + socket.getLocalPort() + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  boolean isRunning() {
    return !socket.isClosed() && threads.stream().anyMatch(Thread::isAlive);
  }

  @Override
  public void close() {
    socket.close();
  }

  private void receiveLoop() {
    byte[] buffer = new byte[MAX_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!socket.isClosed()) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
        handle(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.log(Level.FINE, "event=dnsUdpError error={0}", e.toString());
        }
      } catch (RuntimeException e) {
        // A bug in answering one packet must not stop the listener.
        LOG.log(Level.WARNING, "event=dnsUdpAnswerFailed source=" + packet.getSocketAddress(), e);
      }
    }
  }

  private void handle(DatagramPacket packet) throws IOException {
    if (!limiter.tryAcquire(packet.getAddress(), nanoClock.getAsLong())) {
      counters.rateLimited();
      return;
    }
    Outcome outcome = answerer.answer(packet.getData(), packet.getLength(), Transport.UDP);
    counters.record(outcome);
    if (outcome instanceof Outcome.Reply reply) {
      byte[] wire = reply.wire();
      socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
    }
  }
}
