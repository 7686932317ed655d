package io.baremetallb.announcer.bgp.bfd;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Every BFD session of this speaker, and the demultiplexing of RFC 5880 §6.8.6 / RFC 5881 §3:
 * a nonzero Your Discriminator selects the session, a zero one (only in Down or AdminDown) the
 * peer address. Pure like {@link BfdSession}: received datagrams and time come in, packets leave
 * through {@link Transport}, state changes through {@link Listener}. Thread-safe: the I/O
 * thread drives it while others add, remove and read status.
 */
public final class SessionTable {
  private static final System.Logger LOG = System.getLogger(SessionTable.class.getName());

  /** Where packets go: the socket, or another table in tests. */
  public interface Transport {
    void send(InetAddress peer, ControlPacket packet);
  }

  /** Up and down transitions (RFC 5882: BGP goes down with a session that was Up). */
  public interface Listener {
    void sessionUp(BfdSessionStatus status);

    void sessionDown(BfdSessionStatus status);
  }

  private static final class Entry {
    final InetAddress peer;
    final BfdSession session;
    long upEvents;
    long downEvents;
    long packetsIn;
    long packetsOut;

    Entry(InetAddress peer, BfdSession session) {
      this.peer = peer;
      this.session = session;
    }

    BfdSessionStatus status() {
      return new BfdSessionStatus(peer, session.state(), session.localDiag(), session.remoteState(),
          session.detectionTime(), upEvents, downEvents, packetsIn, packetsOut);
    }
  }

  private final InstantSource clock;
  private final RandomGenerator random;
  private final Transport transport;
  private final Listener listener;
  private final Map<InetAddress, Entry> byPeer = new LinkedHashMap<>();
  private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
  private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

  public SessionTable(InstantSource clock, RandomGenerator random, Transport transport, Listener listener) {
    this.clock = clock;
    this.random = random;
    this.transport = transport;
    this.listener = listener;
  }

  /** Starts a session with {@code peer}; it sends at once unless passive. */
  public synchronized void add(InetAddress peer, BfdSessionConfig config) {
    if (byPeer.containsKey(peer)) {
      throw new IllegalArgumentException("a BFD session with " + peer.getHostAddress() + " exists already");
    }
    int discriminator;
    do {
      discriminator = random.nextInt();
    } while (discriminator == 0 || byDiscriminator.containsKey(discriminator));
    Entry e = new Entry(peer, new BfdSession(config, discriminator, clock, random));
    byPeer.put(peer, e);
    byDiscriminator.put(discriminator, e);
    LOG.log(System.Logger.Level.INFO, "event=bfdSessionAdded peer={0} discriminator={1} config={2}",
        peer.getHostAddress(), Integer.toUnsignedString(discriminator), config);
  }

  /** New timers for a session (a Poll Sequence when it is Up). */
  public synchronized void reconfigure(InetAddress peer, BfdSessionConfig config) {
    entry(peer).session.reconfigure(config);
  }

  /** Ends a session: the peer hears AdminDown (§6.8.16) and stops expecting us. */
  public synchronized void remove(InetAddress peer) {
    Entry e = entry(peer);
    apply(e, e.session.adminDown());
    byPeer.remove(peer);
    byDiscriminator.remove(e.session.localDiscriminator());
  }

  public synchronized void adminDown(InetAddress peer) {
    Entry e = entry(peer);
    apply(e, e.session.adminDown());
  }

  public synchronized void adminUp(InetAddress peer) {
    Entry e = entry(peer);
    apply(e, e.session.adminUp());
  }

  /** One received UDP payload with its source and TTL (or hop limit). */
  public synchronized Optional<DropReason> receive(byte[] payload, InetAddress source, int ttl) {
    ControlPacket p;
    try {
      p = ControlPacket.decode(ByteBuffer.wrap(payload));
    } catch (BfdDecodeException e) {
      LOG.log(System.Logger.Level.DEBUG, "event=bfdDrop from={0} reason=MALFORMED error={1}", source.getHostAddress(), e.getMessage());
      return drop(DropReason.MALFORMED);
    }
    Entry e;
    if (p.yourDiscriminator() != 0) {
      e = byDiscriminator.get(p.yourDiscriminator());
      if (e == null) {
        return drop(DropReason.UNKNOWN_DISCRIMINATOR);
      }
      if (!e.peer.equals(source)) {
        return drop(DropReason.WRONG_SOURCE);
      }
    } else if (p.state() != BfdState.DOWN && p.state() != BfdState.ADMIN_DOWN) {
      return drop(DropReason.ZERO_DISCRIMINATOR_NOT_DOWN);
    } else {
      e = byPeer.get(source);
      if (e == null) {
        return drop(DropReason.UNKNOWN_PEER);
      }
    }
    if (ttl < e.session.config().minimumTtl()) {
      // RFC 5881 §5: a packet that crossed a router (or whose TTL we could not read) is not from our neighbour
      return drop(DropReason.TTL_TOO_LOW);
    }
    List<BfdAction> actions = e.session.receive(p);
    Optional<DropReason> dropped = actions.stream().filter(BfdAction.Discard.class::isInstance)
        .map(a -> ((BfdAction.Discard) a).reason()).findFirst();
    if (dropped.isPresent()) {
      return drop(dropped.get());
    }
    e.packetsIn++;
    apply(e, actions);
    return Optional.empty();
  }

  /** Runs every session's due timers: packets to send, detection times that expired. */
  public synchronized void fireDueTimers() {
    for (Entry e : new ArrayList<>(byPeer.values())) {
      Optional<Instant> next = e.session.nextDeadline();
      if (next.isPresent() && !next.get().isAfter(clock.instant())) {
        apply(e, e.session.fireDueTimers());
      }
    }
  }

  public synchronized Optional<Instant> nextDeadline() {
    Instant soonest = null;
    for (Entry e : byPeer.values()) {
      Optional<Instant> d = e.session.nextDeadline();
      if (d.isPresent() && (soonest == null || d.get().isBefore(soonest))) {
        soonest = d.get();
      }
    }
    return Optional.ofNullable(soonest);
  }

  public synchronized List<BfdSessionStatus> status() {
    return byPeer.values().stream().map(Entry::status).toList();
  }

  public synchronized Optional<BfdSessionStatus> status(InetAddress peer) {
    return Optional.ofNullable(byPeer.get(peer)).map(Entry::status);
  }

  /** Datagrams dropped before or by a session, per reason. */
  public synchronized Map<DropReason, Long> drops() {
    return Map.copyOf(drops);
  }

  private Entry entry(InetAddress peer) {
    Entry e = byPeer.get(peer);
    if (e == null) {
      throw new IllegalArgumentException("no BFD session with " + peer.getHostAddress());
    }
    return e;
  }

  private Optional<DropReason> drop(DropReason reason) {
    drops.merge(reason, 1L, Long::sum);
    return Optional.of(reason);
  }

  private void apply(Entry e, List<BfdAction> actions) {
    for (BfdAction a : actions) {
      if (a instanceof BfdAction.Send s) {
        e.packetsOut++;
        transport.send(e.peer, s.packet());
      } else if (a instanceof BfdAction.StateChange c) {
        stateChanged(e, c);
      }
    }
  }

  private void stateChanged(Entry e, BfdAction.StateChange c) {
    LOG.log(System.Logger.Level.INFO, "event=bfdStateChange peer={0} from={1} to={2} diag={3}",
        e.peer.getHostAddress(), c.from(), c.to(), c.diag());
    if (c.to() == BfdState.UP) {
      e.upEvents++;
      listener.sessionUp(e.status());
    } else if (c.from() == BfdState.UP) {
      e.downEvents++;
      listener.sessionDown(e.status());
    }
  }
}
