package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.io.FrameChannel;
import io.baremetallb.announcer.l2.io.InterfaceInfo;
import io.baremetallb.ip.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Layer 2 mode on every interface of this node: one {@link InterfaceAnnouncer} (and one responder
 * thread) per usable interface, each owning the IPs this node answers for that may be announced
 * there. Which interfaces are usable follows {@link InterfaceSelection}: the default rule for IPs
 * whose L2Advertisements name no interfaces, and the named ones (still subject to the kernel's
 * facts: up, Ethernet, not a bridge port...) for IPs whose advertisements do.
 *
 * <p>{@link #refresh} rescans the interfaces (call it periodically and whenever the advertisements
 * change): new ones are opened, vanished ones closed, and an interface whose socket failed is
 * retried. Thread-safe; every change is applied under one lock.
 */
public final class Layer2Speaker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Layer2Speaker.class.getName());

  /** Opens the frame channel of one interface (a {@code PacketSocket} in production). */
  @FunctionalInterface
  public interface ChannelOpener {
    FrameChannel open(String iface) throws IOException;
  }

  /** Lists the node's interfaces (an {@code InterfaceScanner} in production). */
  @FunctionalInterface
  public interface InterfaceSource {
    List<InterfaceInfo> scan() throws IOException;
  }

  private record Running(InterfaceAnnouncer announcer, Thread thread) {
  }

  private final ChannelOpener opener;
  private final InterfaceSource source;
  private final Layer2Counters counters;
  private final Scheduler scheduler;
  private final GratuitousAnnouncer.Schedule schedule;
  private final ThreadFactory threads;
  private final Map<String, Running> running = new TreeMap<>();
  private final Map<String, String> failures = new TreeMap<>();
  private Map<String, InterfaceSelection.Exclusion> excluded = Map.of();
  private Set<String> defaultSelected = Set.of();
  private Set<String> listedSelected = Set.of();
  private Set<String> listed = Set.of();
  private Set<String> withLink = Set.of();
  private SortedMap<IpAddress, Optional<Set<String>>> owned = new TreeMap<>();
  private volatile java.util.function.BooleanSupplier gate = () -> true;
  private boolean scanned;
  private boolean closed;

  public Layer2Speaker(ChannelOpener opener, InterfaceSource source, Layer2Counters counters, Scheduler scheduler,
      GratuitousAnnouncer.Schedule schedule, ThreadFactory threads) {
    this.opener = opener;
    this.source = source;
    this.counters = counters;
    this.scheduler = scheduler;
    this.schedule = schedule;
    this.threads = threads;
  }

  /**
   * The interfaces named by any L2Advertisement that announces an IP of ours (their union); they
   * are opened even when the default rule would leave them out for their name.
   */
  public synchronized void setListedInterfaces(Set<String> names) {
    if (!names.equals(listed)) {
      listed = Set.copyOf(names);
      refresh();
    }
  }

  /**
   * The IPs this node answers for now, each with the interfaces it may be announced on (empty:
   * every interface the default rule selects). IPs not in the map are released at once.
   */
  public synchronized void setOwned(Map<IpAddress, Optional<Set<String>>> ips) {
    owned = new TreeMap<>(ips);
    distribute();
  }

  /** Answers and gratuitous frames go out only while {@code gate} is true (the membership's lease). */
  public synchronized void setGate(java.util.function.BooleanSupplier gate) {
    this.gate = gate;
    running.values().forEach(r -> r.announcer().setGate(gate));
  }

  /** Rescans the interfaces, opens and closes announcers to match, and redistributes the IPs. */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    List<InterfaceInfo> all;
    try {
      all = source.scan();
    } catch (IOException e) {
      failures.put("*", "listing the interfaces failed: " + e.getMessage());
      return;
    }
    failures.remove("*");
    scanned = true;
    InterfaceSelection.Result byDefault = InterfaceSelection.select(all, Set.of());
    InterfaceSelection.Result byName = listed.isEmpty()
        ? new InterfaceSelection.Result(List.of(), Map.of()) : InterfaceSelection.select(all, listed);
    defaultSelected = names(byDefault.selected());
    listedSelected = names(byName.selected());
    excluded = byDefault.excluded();
    Set<String> link = new HashSet<>();
    all.stream().filter(InterfaceInfo::hasLink).forEach(i -> link.add(i.name()));
    withLink = Set.copyOf(link);
    Set<String> wanted = new TreeSet<>(defaultSelected);
    wanted.addAll(listedSelected);
    for (String gone : new TreeSet<>(running.keySet())) {
      if (!wanted.contains(gone) || !running.get(gone).thread().isAlive()) {
        stop(gone);
      }
    }
    failures.keySet().retainAll(wanted);
    for (String name : wanted) {
      if (!running.containsKey(name)) {
        start(name);
      }
    }
    distribute();
  }

  private static Set<String> names(List<InterfaceInfo> list) {
    Set<String> out = new TreeSet<>();
    list.forEach(i -> out.add(i.name()));
    return out;
  }

  private void start(String name) {
    FrameChannel channel;
    try {
      channel = opener.open(name);
    } catch (IOException | RuntimeException e) {
      if (!e.getMessage().equals(failures.put(name, e.getMessage()))) {
        LOG.warning("event=interfaceOpenFailed iface=" + name + " error=\"" + e.getMessage() + "\"");
      }
      return;
    }
    failures.remove(name);
    InterfaceAnnouncer a = new InterfaceAnnouncer(channel, counters, scheduler, schedule);
    a.setGate(gate);
    Thread t = threads.newThread(() -> {
      try {
        a.run();
      } catch (IOException e) {
        synchronized (this) {
          failures.put(name, "receiving failed: " + e.getMessage());
        }
        LOG.warning("event=interfaceFailed iface=" + name + " error=\"" + e.getMessage() + "\" (reopened at the next refresh)");
      }
    });
    t.setName("l2-" + name);
    t.setDaemon(true);
    running.put(name, new Running(a, t));
    t.start();
    LOG.info(() -> "event=interfaceOpened iface=" + name + " mac=" + channel.hardwareAddress());
  }

  private void stop(String name) {
    Running r = running.remove(name);
    try {
      r.announcer().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing " + name, e);
    }
    LOG.info(() -> "event=interfaceClosed iface=" + name);
  }

  /** Hands every running announcer the owned IPs allowed on its interface. */
  private void distribute() {
    for (Map.Entry<String, Running> e : running.entrySet()) {
      String iface = e.getKey();
      Set<InetAddress> mine = new HashSet<>();
      owned.forEach((ip, allowed) -> {
        boolean ok = allowed.isEmpty() ? defaultSelected.contains(iface)
            : allowed.get().contains(iface) && listedSelected.contains(iface);
        if (ok) {
          mine.add(ip.toInetAddress());
        }
      });
      e.getValue().announcer().setOwned(mine);
    }
  }

  /** Interface → the IPs it answers for now. */
  public synchronized SortedMap<String, Set<IpAddress>> announcedByInterface() {
    SortedMap<String, Set<IpAddress>> out = new TreeMap<>();
    running.forEach((name, r) -> {
      Set<IpAddress> ips = new TreeSet<>();
      r.announcer().owned().forEach(a -> ips.add(IpAddress.of(a)));
      out.put(name, ips);
    });
    return out;
  }

  /** The interfaces with an open socket. */
  public synchronized Set<String> openInterfaces() {
    return Set.copyOf(running.keySet());
  }

  /** Interfaces that could not be opened (or whose socket failed), with the error. */
  public synchronized Map<String, String> failures() {
    return new LinkedHashMap<>(failures);
  }

  /** Interfaces the default rule leaves out, with the first reason. */
  public synchronized Map<String, InterfaceSelection.Exclusion> excluded() {
    return Map.copyOf(excluded);
  }

  /** Scanned once, and every selected interface has its socket open. */
  public synchronized boolean ready() {
    return scanned && failures.isEmpty() && !closed;
  }

  /** Some open interface has carrier: this node can announce at all. */
  public synchronized boolean hasLink() {
    return running.keySet().stream().anyMatch(withLink::contains);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (String name : new TreeSet<>(running.keySet())) {
      stop(name);
    }
  }
}
