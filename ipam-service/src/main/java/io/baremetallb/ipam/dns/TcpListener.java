package io.baremetallb.ipam.dns;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message is preceded by its length in two
 * bytes. One thread accepts; at most {@code maxConnections} threads serve connections, and a
 * connection beyond that is closed at once. Each query must arrive whole within the idle timeout,
 * so a client trickling bytes cannot hold a connection for long.
 */
final class TcpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());

  private final ServerSocket server;
  private final DnsAnswerer answerer;
  private final DnsCounters counters;
  private final long timeoutMillis;
  private final ThreadPoolExecutor connections;
  private Thread acceptor;

  TcpListener(ServerSocket server, DnsAnswerer answerer, DnsCounters counters,
      int maxConnections, Duration idleTimeout) {
    this.server = server;
    this.answerer = answerer;
    this.counters = counters;
    this.timeoutMillis = idleTimeout.toMillis();
    AtomicInteger serial = new AtomicInteger();
    this.connections = new ThreadPoolExecutor(maxConnections, maxConnections, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(task, "dns-tcp-" + server.getLocalPort() + "-"
              + serial.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    this.connections.allowCoreThreadTimeOut(true);
  }

  void start() {
    acceptor = new Thread(this::acceptLoop, "dns-tcp-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  boolean isRunning() {
    return !server.isClosed() && acceptor != null && acceptor.isAlive();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "event=dnsTcpCloseFailed error={0}", e.toString());
    }
    connections.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        try {
          connections.execute(() -> serve(socket));
        } catch (RejectedExecutionException e) {
          LOG.log(Level.FINE, "event=dnsTcpBusy peer={0}", socket.getRemoteSocketAddress());
          closeQuietly(socket);
        }
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.log(Level.FINE, "event=dnsTcpAcceptError error={0}", e.toString());
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] prefix = new byte[2];
        if (!readFully(socket, in, prefix, deadline, true)) {
          return;
        }
        byte[] query = new byte[((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff)];
        readFully(socket, in, query, deadline, false);
        Outcome outcome = answerer.answer(query, query.length, Transport.TCP);
        counters.record(outcome);
        if (!(outcome instanceof Outcome.Reply reply)) {
          return;
        }
        out.write(frame(reply.wire()));
        out.flush();
      }
    } catch (SocketTimeoutException | EOFException e) {
      LOG.log(Level.FINE, "event=dnsTcpClosed reason={0}", e.toString());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "event=dnsTcpError error={0}", e.toString());
    }
  }

  /**
   * Reads {@code buffer.length} bytes before {@code deadline}. Returns false on a clean end of
   * stream before the first byte when {@code endAllowed}; any other early end is an EOFException.
   */
  private static boolean readFully(Socket socket, InputStream in, byte[] buffer, long deadline,
      boolean endAllowed) throws IOException {
    int done = 0;
    while (done < buffer.length) {
      long remaining = deadline - System.currentTimeMillis();
      if (remaining <= 0) {
        throw new SocketTimeoutException("query not complete within the idle timeout");
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
      int n = in.read(buffer, done, buffer.length - done);
      if (n < 0) {
        if (done == 0 && endAllowed) {
          return false;
        }
        throw new EOFException("connection closed after " + done + " of " + buffer.length + " bytes");
      }
      done += n;
    }
    return true;
  }

  /* 2 bytes: message length (big-endian), then the message. */
  static byte[] frame(byte[] message) {
    byte[] framed = new byte[2 + message.length];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "event=dnsTcpCloseFailed error={0}", e.toString());
    }
  }
}
