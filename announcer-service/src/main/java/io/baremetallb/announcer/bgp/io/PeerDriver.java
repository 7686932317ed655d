package io.baremetallb.announcer.bgp.io;

import io.baremetallb.announcer.bgp.fsm.Action;
import io.baremetallb.announcer.bgp.fsm.BgpSessionFsm;
import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionEvent;
import io.baremetallb.announcer.bgp.fsm.SessionState;
import io.baremetallb.announcer.bgp.rib.AdjRibOut;
import io.baremetallb.announcer.bgp.rib.PeerRouting;
import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Afi;
import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.BgpDecodeException;
import io.baremetallb.announcer.bgp.wire.BgpMessage;
import io.baremetallb.announcer.bgp.wire.CodecOptions;
import io.baremetallb.announcer.bgp.wire.DecodeResult;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.bgp.wire.Update;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one peer: a thread with a {@link Selector} that turns socket readiness and FSM deadlines
 * into {@link SessionEvent}s and carries out the FSM's {@link Action}s. Other threads talk to it
 * only through {@link #advertise} and {@link #shutdown}, which are queued commands.
 */
public final class PeerDriver implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PeerDriver.class.getName());

  /** Session transitions, for metrics and for tests that count resets. */
  public interface Listener {
    void sessionUp(Negotiated session);

    void sessionDown(DownReason reason);

    /** UPDATEs just went out; {@code announcedPrefixes} is what the peer has from us now. */
    default void routesSent(int updates, int announcedPrefixes) {
    }
  }

  private final PeerConfig config;
  private final InstantSource clock;
  private final Listener listener;
  private final BgpSessionFsm fsm;
  private final Selector selector;
  private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicInteger updatesSent = new AtomicInteger();
  private final Thread thread;
  private ServerSocketChannel listening;
  private SocketChannel connecting;
  private PeerConnection connection;
  private AdjRibOut rib;
  private Map<Prefix, RouteAttributes> desired = Map.of();
  private Instant withdrawAt;
  private volatile boolean running = true;
  private boolean heldByBfd;
  private volatile SessionState state = SessionState.IDLE;

  public PeerDriver(PeerConfig config, InstantSource clock, Listener listener) throws IOException {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.fsm = new BgpSessionFsm(config.session(), clock, config.peer().toString());
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "bgp-peer-" + config.peer().getAddress().getHostAddress());
    this.thread.setDaemon(true);
  }

  /** Starts the session: connects, or listens on the source address when the session is passive. */
  public void start() throws IOException {
    if (config.session().passive()) {
      listening = SessionSockets.listening(config);
      listening.register(selector, SelectionKey.OP_ACCEPT);
    }
    command(() -> apply(fsm.handle(new SessionEvent.ManualStart())));
    thread.start();
  }

  /** The routes this peer should have from us; only the difference goes out, the session stays up. */
  public void advertise(Map<Prefix, RouteAttributes> routes) {
    Map<Prefix, RouteAttributes> copy = Map.copyOf(routes);
    command(() -> {
      desired = copy;
      if (rib != null && withdrawAt == null) {
        send(rib.sync(desired));
      }
    });
  }

  /**
   * Graceful shutdown (RFC 8326): routes marked GRACEFUL_SHUTDOWN, then after the configured wait
   * withdrawn, then NOTIFICATION Cease / Administrative Shutdown. Completes when the thread ends.
   */
  public CompletableFuture<Void> shutdown() {
    command(this::beginShutdown);
    return stopped;
  }

  /**
   * BFD lost the peer (RFC 5882 §4.3): the session goes down now instead of at hold-time expiry,
   * and stays down until {@link #bfdUp()}.
   */
  public void bfdDown() {
    command(() -> {
      LOG.log(Level.INFO, "event=bgpBfdDown peer={0} state={1}", config.peer(), fsm.state());
      heldByBfd = true;
      apply(fsm.handle(new SessionEvent.ManualStop()));
    });
  }

  /** BFD sees the peer again: a session that {@link #bfdDown()} stopped starts over. */
  public void bfdUp() {
    command(() -> {
      if (heldByBfd && withdrawAt == null && running) {
        heldByBfd = false;
        apply(fsm.handle(new SessionEvent.ManualStart()));
      }
    });
  }

  public SessionState state() {
    return state;
  }

  public int updatesSent() {
    return updatesSent.get();
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
  }

  private void command(Runnable r) {
    commands.add(r);
    selector.wakeup();
  }

  private void loop() {
    try {
      while (running) {
        selector.select(millisToNextDeadline());
        Runnable r;
        while ((r = commands.poll()) != null) {
          r.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          ready(key);
        }
        selector.selectedKeys().clear();
        apply(fsm.fireDueTimers());
        if (withdrawAt != null && !clock.instant().isBefore(withdrawAt)) {
          finishShutdown();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "event=bgpDriverFailed peer=" + config.peer(), e);
    } finally {
      closeConnection();
      closeQuietly(listening);
      closeQuietly(selector);
      stopped.complete(null);
    }
  }

  private long millisToNextDeadline() {
    Optional<Instant> next = fsm.nextDeadline();
    if (withdrawAt != null && (next.isEmpty() || withdrawAt.isBefore(next.get()))) {
      next = Optional.of(withdrawAt);
    }
    // select(0) blocks without limit, so a deadline already due waits 1 ms.
    return next.map(d -> Math.max(1, Duration.between(clock.instant(), d).toMillis() + 1)).orElse(0L);
  }

  private void ready(SelectionKey key) throws IOException {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept();
    } else if (key.isConnectable()) {
      finishConnect((SocketChannel) key.channel());
    } else {
      if (key.isWritable() && connection != null && connection.flush()) {
        key.interestOps(SelectionKey.OP_READ);
      }
      if (key.isValid() && key.isReadable() && connection != null && key.channel() == connection.channel()) {
        read();
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel ch = listening.accept();
    if (ch == null) {
      return;
    }
    boolean fromPeer = ((InetSocketAddress) ch.getRemoteAddress()).getAddress().equals(config.peer().getAddress());
    boolean waiting = fsm.state() == SessionState.ACTIVE || fsm.state() == SessionState.CONNECT;
    if (!fromPeer || !waiting) {
      // A second connection while one is past Connect: we do not run two FSMs (RFC 4271 §6.8); refuse it.
      LOG.log(Level.DEBUG, "event=bgpConnectionRefused from={0} state={1}", ch.getRemoteAddress(), fsm.state());
      ch.close();
      return;
    }
    closeQuietly(connecting);
    connecting = null;
    adopt(ch, false);
  }

  private void finishConnect(SocketChannel ch) {
    try {
      ch.finishConnect();
      connecting = null;
      adopt(ch, true);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "event=bgpConnectFailed peer={0} error={1}", config.peer(), e.getMessage());
      closeQuietly(ch);
      connecting = null;
      apply(fsm.handle(new SessionEvent.TcpFailed()));
    }
  }

  private void adopt(SocketChannel ch, boolean outgoing) throws IOException {
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    connection = new PeerConnection(ch, outgoing);
    ch.register(selector, SelectionKey.OP_READ);
    apply(fsm.handle(new SessionEvent.TcpConnected(outgoing)));
  }

  private void read() {
    PeerConnection conn = connection;
    try {
      Optional<List<DecodeResult>> results = conn.read(codecOptions());
      if (results.isEmpty()) {
        apply(fsm.handle(new SessionEvent.TcpFailed()));
        return;
      }
      for (DecodeResult r : results.get()) {
        if (connection != conn) {
          return; // an earlier message closed the connection
        }
        if (!r.problems().isEmpty()) {
          LOG.log(Level.DEBUG, "event=bgpAttributeErrors peer={0} problems={1}", config.peer(), r.problems());
        }
        apply(fsm.handle(SessionEvent.of(r.message())));
      }
    } catch (BgpDecodeException e) {
      LOG.log(Level.INFO, "event=bgpBadMessage peer={0} error={1}", config.peer(), e.getMessage());
      apply(fsm.handle(new SessionEvent.MessageError(e)));
    } catch (IOException e) {
      apply(fsm.handle(new SessionEvent.TcpFailed()));
    }
  }

  private void apply(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Connect) {
        connect();
      } else if (a instanceof Action.CloseConnection) {
        closeConnection();
      } else if (a instanceof Action.Send s) {
        send(s.message());
      } else if (a instanceof Action.SessionUp up) {
        sessionUp(up.session());
      } else if (a instanceof Action.SessionDown down) {
        rib = null;
        LOG.log(Level.INFO, "event=bgpSessionDown peer={0} reason={1}", config.peer(), down.reason());
        listener.sessionDown(down.reason());
      } else if (a instanceof Action.ResendRoutes rr && rib != null && rr.family().safi() == AfiSafi.SAFI_UNICAST) {
        send(rib.resendAll(Set.of(Afi.valueOf(rr.family().afi()))));
      }
    }
    state = fsm.state();
  }

  private void sessionUp(Negotiated session) {
    Set<Afi> families = EnumSet.noneOf(Afi.class);
    for (AfiSafi f : session.families()) {
      if (f.safi() == AfiSafi.SAFI_UNICAST && (f.afi() == 1 || f.afi() == 2)) {
        families.add(Afi.valueOf(f.afi()));
      }
    }
    rib = new AdjRibOut(routing(session), families);
    send(rib.sync(desired));
    families.forEach(f -> send(Update.endOfRib(f)));
    LOG.log(Level.INFO, "event=bgpSessionUp peer={0} hold={1} families={2}", config.peer(), session.holdTimeSeconds(), families);
    listener.sessionUp(session);
  }

  private PeerRouting routing(Negotiated session) {
    InetAddress local = config.sourceAddress().orElseGet(this::localAddress);
    Optional<InetAddress> v4 = local instanceof Inet4Address ? Optional.of(local) : Optional.empty();
    return new PeerRouting(config.session().localAs(), config.session().internal(), v4,
        config.nextHopV6().map(List::of).orElse(List.of()), session.codecOptions());
  }

  private InetAddress localAddress() {
    try {
      return ((InetSocketAddress) connection.channel().getLocalAddress()).getAddress();
    } catch (IOException e) {
      throw new IllegalStateException("local address of an open connection", e);
    }
  }

  private void connect() {
    try {
      SocketChannel ch = SessionSockets.outgoing(config);
      connecting = ch;
      if (ch.connect(config.peer())) {
        connecting = null;
        adopt(ch, true);
      } else {
        ch.register(selector, SelectionKey.OP_CONNECT);
      }
    } catch (IOException e) {
      // A socket option the kernel refuses (no TCP MD5 support, say) is a setup problem: say so loudly.
      LOG.log(e instanceof io.baremetallb.announcer.l2.io.NativeIoException ? Level.WARNING : Level.DEBUG,
          "event=bgpConnectFailed peer={0} error={1}", config.peer(), e.getMessage());
      closeQuietly(connecting);
      connecting = null;
      apply(fsm.handle(new SessionEvent.TcpFailed()));
    }
  }

  /** Queues every UPDATE and then writes them together: one gathering write instead of one per message. */
  private void send(List<Update> updates) {
    if (connection != null) {
      updates.forEach(u -> connection.queue(u, codecOptions()));
      flushOrWaitForWritable();
    }
    updatesSent.addAndGet(updates.size());
    if (!updates.isEmpty()) {
      listener.routesSent(updates.size(), rib == null ? 0 : rib.sent().size());
    }
  }

  private void send(BgpMessage m) {
    if (connection == null) {
      return;
    }
    connection.queue(m, codecOptions());
    flushOrWaitForWritable();
  }

  private void flushOrWaitForWritable() {
    try {
      if (!connection.flush()) {
        connection.channel().keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      apply(fsm.handle(new SessionEvent.TcpFailed()));
    }
  }

  private CodecOptions codecOptions() {
    return fsm.negotiated().map(Negotiated::codecOptions).orElse(CodecOptions.FOUR_OCTET_AS);
  }

  private void beginShutdown() {
    if (fsm.state() == SessionState.ESTABLISHED && rib != null && !rib.sent().isEmpty()
        && !config.gracefulShutdownWait().isZero()) {
      send(rib.gracefulShutdown());
      withdrawAt = clock.instant().plus(config.gracefulShutdownWait());
    } else {
      finishShutdown();
    }
  }

  private void finishShutdown() {
    if (fsm.state() == SessionState.ESTABLISHED && rib != null) {
      send(rib.sync(Map.of()));
    }
    apply(fsm.handle(new SessionEvent.ManualStop()));
    withdrawAt = null;
    running = false;
  }

  private void closeConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    closeQuietly(connecting);
    connecting = null;
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // Closing is best effort; the channel is unusable either way.
    }
  }
}
