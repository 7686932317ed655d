package io.baremetallb.announcer.bgp.speaker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MetalLB's BGP metrics, per peer label ({@code address:port}), as plain numbers the application
 * exposes through MicroProfile Metrics under these names:
 *
 * <ul>
 *   <li>{@value #SESSION_UP}: gauge, 1 while the session is Established, else 0;</li>
 *   <li>{@value #UPDATES_TOTAL}: counter of UPDATE messages sent;</li>
 *   <li>{@value #ANNOUNCED_PREFIXES}: gauge, the prefixes the peer has from us now (MetalLB's
 *       name ends in {@code _total} although it is a gauge; kept for its dashboards).</li>
 * </ul>
 *
 * A peer's counter survives its session going down and up again; {@link #remove} forgets a peer
 * that left the configuration, and late reports about a forgotten peer are ignored. Thread-safe:
 * drivers write from their own threads.
 */
public final class BgpMetrics {
  public static final String SESSION_UP = "metallb_bgp_session_up";
  public static final String UPDATES_TOTAL = "metallb_bgp_updates_total";
  public static final String ANNOUNCED_PREFIXES = "metallb_bgp_announced_prefixes_total";

  /** One peer's three values at one moment. */
  public record PeerValues(long sessionUp, long updatesTotal, long announcedPrefixes) {
  }

  private static final class Peer {
    final AtomicLong up = new AtomicLong();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong announced = new AtomicLong();
  }

  private final Map<String, Peer> peers = new ConcurrentHashMap<>();

  void register(String peer) {
    peers.putIfAbsent(peer, new Peer());
  }

  void sessionUp(String peer) {
    with(peer, p -> p.up.set(1));
  }

  void sessionDown(String peer) {
    with(peer, p -> {
      p.up.set(0);
      p.announced.set(0);
    });
  }

  void sent(String peer, int updates, int announcedPrefixes) {
    with(peer, p -> {
      p.updates.addAndGet(updates);
      p.announced.set(announcedPrefixes);
    });
  }

  void remove(String peer) {
    peers.remove(peer);
  }

  /** Every known peer's values, sorted by label. */
  public Map<String, PeerValues> snapshot() {
    Map<String, PeerValues> out = new TreeMap<>();
    peers.forEach((label, p) -> out.put(label, new PeerValues(p.up.get(), p.updates.get(), p.announced.get())));
    return out;
  }

  /** The same values in Prometheus text format, for a scrape endpoint or a log line. */
  public String prometheusText() {
    StringBuilder b = new StringBuilder();
    Map<String, PeerValues> s = snapshot();
    b.append("# TYPE ").append(SESSION_UP).append(" gauge\n");
    s.forEach((peer, v) -> line(b, SESSION_UP, peer, v.sessionUp()));
    b.append("# TYPE ").append(UPDATES_TOTAL).append(" counter\n");
    s.forEach((peer, v) -> line(b, UPDATES_TOTAL, peer, v.updatesTotal()));
    b.append("# TYPE ").append(ANNOUNCED_PREFIXES).append(" gauge\n");
    s.forEach((peer, v) -> line(b, ANNOUNCED_PREFIXES, peer, v.announcedPrefixes()));
    return b.toString();
  }

  private static void line(StringBuilder b, String name, String peer, long value) {
    b.append(name).append("{peer=\"").append(peer).append("\"} ").append(value).append('\n');
  }

  private void with(String label, java.util.function.Consumer<Peer> change) {
    Peer p = peers.get(label);
    if (p != null) {
      change.accept(p);
    }
  }
}
