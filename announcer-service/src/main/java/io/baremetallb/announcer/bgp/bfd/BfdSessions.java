package io.baremetallb.announcer.bgp.bfd;

import io.baremetallb.announcer.l2.io.NativeIoException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import jnr.ffi.Pointer;

/**
 * The speaker's single-hop BFD (RFC 5881): per address family one socket on UDP 3784 that every
 * session shares for receiving, and one bound to a source port in 49152–65535 for sending, TTL
 * 255 on both. One thread polls them and runs the {@link SessionTable}'s deadlines.
 * {@link #add}, {@link #remove} and {@link #status} may be called from any thread.
 */
public final class BfdSessions implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BfdSessions.class.getName());
  /** RFC 5881 §4. */
  public static final int CONTROL_PORT = 3784;
  static final int SOURCE_PORT_MIN = 49152;
  static final int SOURCE_PORT_MAX = 65535;

  private final InstantSource clock;
  private final SessionTable table;
  private final Family v4;
  private final Family v6;
  private final int wakeup;
  private final int port;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private final Object wakeupLock = new Object();
  private boolean wakeupClosed;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** The two sockets of one address family. */
  private static final class Family {
    final int rx;
    final int tx;
    final String name;
    final Pointer buffer = BfdNative.receiveBuffer();

    Family(int af, int controlPort, RandomGenerator random) throws NativeIoException {
      name = af == BfdNative.AF_INET ? "bfd/ipv4" : "bfd/ipv6";
      InetAddress any = anyAddress(af);
      rx = BfdNative.udpSocket(af, name);
      int sender = -1;
      try {
        BfdNative.bind(rx, new InetSocketAddress(any, controlPort), name);
        sender = BfdNative.udpSocket(af, name);
        bindSourcePort(sender, any, random);
      } catch (NativeIoException e) {
        closeQuietly(rx, name);
        closeQuietly(sender, name);
        throw e;
      }
      tx = sender;
    }

    /** RFC 5881 §4: "The source port MUST be in the range 49152 through 65535"; try random ones. */
    private void bindSourcePort(int fd, InetAddress any, RandomGenerator random) throws NativeIoException {
      NativeIoException last = null;
      for (int attempt = 0; attempt < 32; attempt++) {
        int port = random.nextInt(SOURCE_PORT_MIN, SOURCE_PORT_MAX + 1);
        try {
          BfdNative.bind(fd, new InetSocketAddress(any, port), name);
          return;
        } catch (NativeIoException e) {
          last = e;
        }
      }
      throw last;
    }

    void close() {
      closeQuietly(rx, name);
      closeQuietly(tx, name);
    }
  }

  /**
   * Opens the sockets and starts the thread.
   *
   * @param controlPort the port we receive on and send to: {@link #CONTROL_PORT} except in tests
   * @param listener told when a session comes Up or leaves it
   */
  public BfdSessions(InstantSource clock, RandomGenerator random, int controlPort, SessionTable.Listener listener)
      throws IOException {
    this.clock = clock;
    this.port = controlPort;
    this.table = new SessionTable(clock, random, this::transmit, listener);
    this.v4 = new Family(BfdNative.AF_INET, controlPort, random);
    Family six;
    int efd;
    try {
      six = new Family(BfdNative.AF_INET6, controlPort, random);
      efd = BfdNative.eventFd("bfd");
    } catch (NativeIoException e) {
      v4.close();
      throw e;
    }
    this.v6 = six;
    this.wakeup = efd;
    this.thread = new Thread(this::loop, "bfd");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Starts a single-hop session with {@code peer}. */
  public void add(InetAddress peer, BfdSessionConfig config) {
    table.add(peer, config);
    wake();
  }

  public void reconfigure(InetAddress peer, BfdSessionConfig config) {
    table.reconfigure(peer, config);
    wake();
  }

  /** Ends the session with {@code peer}, telling it AdminDown. */
  public void remove(InetAddress peer) {
    table.remove(peer);
  }

  public void adminDown(InetAddress peer) {
    table.adminDown(peer);
    wake();
  }

  public void adminUp(InetAddress peer) {
    table.adminUp(peer);
    wake();
  }

  public List<BfdSessionStatus> status() {
    return table.status();
  }

  public Optional<BfdSessionStatus> status(InetAddress peer) {
    return table.status(peer);
  }

  public Map<DropReason, Long> drops() {
    return table.drops();
  }

  /** Every session goes AdminDown (the peers hear it), then the sockets close. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (BfdSessionStatus s : table.status()) {
      table.remove(s.peer());
    }
    running = false;
    signal();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (wakeupLock) {
      wakeupClosed = true;
      closeQuietly(wakeup, "bfd");
    }
  }

  private void wake() {
    synchronized (wakeupLock) { // once it is closed, the eventfd's number may belong to another file
      if (!wakeupClosed) {
        signal();
      }
    }
  }

  private void signal() {
    try {
      BfdNative.signal(wakeup, "bfd");
    } catch (NativeIoException e) {
      // the loop wakes at its next deadline anyway
      LOG.log(Level.WARNING, "event=bfdWakeupFailed error={0}", e.getMessage());
    }
  }

  private void loop() {
    int[] fds = {v4.rx, v6.rx, wakeup};
    try {
      while (running) {
        boolean[] ready = BfdNative.pollIn(fds, millisToNextDeadline(), "bfd");
        if (ready[2]) {
          BfdNative.drain(wakeup);
        }
        if (ready[0]) {
          readAll(v4);
        }
        if (ready[1]) {
          readAll(v6);
        }
        table.fireDueTimers();
      }
    } catch (NativeIoException | RuntimeException e) {
      LOG.log(Level.ERROR, "event=bfdLoopFailed", e);
    } finally {
      v4.close();
      v6.close();
      stopped.countDown();
    }
  }

  private int millisToNextDeadline() {
    // poll's timeout is in whole ms; round up so a deadline is never run early, and poll(0) spins
    return table.nextDeadline().map(d -> {
      long nanos = Duration.between(clock.instant(), d).toNanos();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }).orElse(-1);
  }

  private void readAll(Family f) throws NativeIoException {
    BfdNative.Datagram d;
    while ((d = BfdNative.receive(f.rx, f.buffer, f.name)) != null) {
      Optional<DropReason> dropped = table.receive(d.payload(), d.source().getAddress(), d.ttl());
      if (dropped.isPresent()) {
        LOG.log(Level.DEBUG, "event=bfdDrop from={0} ttl={1} reason={2}", d.source(), d.ttl(), dropped.get());
      }
    }
  }

  private void transmit(InetAddress peer, ControlPacket packet) {
    Family f = peer instanceof Inet4Address ? v4 : v6;
    try {
      BfdNative.sendTo(f.tx, packet.encode(), new InetSocketAddress(peer, port), f.name);
    } catch (NativeIoException e) {
      // a link that is down (ENETUNREACH, EHOSTUNREACH) is exactly what detection will report
      LOG.log(Level.DEBUG, "event=bfdSendFailed peer={0} error={1}", peer.getHostAddress(), e.getMessage());
    }
  }

  private static InetAddress anyAddress(int af) {
    try {
      return InetAddress.getByAddress(new byte[af == BfdNative.AF_INET ? 4 : 16]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(int fd, String name) {
    if (fd < 0) {
      return;
    }
    try {
      BfdNative.close(fd, name);
    } catch (NativeIoException e) {
      LOG.log(Level.DEBUG, "event=bfdCloseFailed socket={0} error={1}", name, e.getMessage());
    }
  }
}
