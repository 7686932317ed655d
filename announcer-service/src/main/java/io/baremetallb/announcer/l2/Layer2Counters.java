package io.baremetallb.announcer.l2;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters behind MetalLB's layer 2 metrics ({@code metallb_layer2_requests_received},
 * {@code _responses_sent}, {@code _gratuitous_sent}, each labelled by IP) and our drop counts
 * by reason. Shared by every interface's responder; safe for concurrent use.
 */
public final class Layer2Counters {
  private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
  private final Map<InetAddress, LongAdder> requestsReceived = new ConcurrentHashMap<>();
  private final Map<InetAddress, LongAdder> responsesSent = new ConcurrentHashMap<>();
  private final Map<InetAddress, LongAdder> gratuitousSent = new ConcurrentHashMap<>();

  public Layer2Counters() {
    for (DropReason r : DropReason.values()) {
      drops.put(r, new LongAdder());
    }
  }

  void recordDrop(DropReason reason) {
    drops.get(reason).increment();
  }

  /** A request (ARP or NS) for an address we own: counted whether or not the answer goes out. */
  void recordRequest(InetAddress ip) {
    increment(requestsReceived, ip);
  }

  void recordResponse(InetAddress ip) {
    increment(responsesSent, ip);
  }

  void recordGratuitous(InetAddress ip) {
    increment(gratuitousSent, ip);
  }

  public long drops(DropReason reason) {
    return drops.get(reason).sum();
  }

  public long requestsReceived(InetAddress ip) {
    return read(requestsReceived, ip);
  }

  public long responsesSent(InetAddress ip) {
    return read(responsesSent, ip);
  }

  public long gratuitousSent(InetAddress ip) {
    return read(gratuitousSent, ip);
  }

  /** Every address any counter has seen, for a metrics endpoint. */
  public Set<InetAddress> addresses() {
    Set<InetAddress> out = new HashSet<>(requestsReceived.keySet());
    out.addAll(responsesSent.keySet());
    out.addAll(gratuitousSent.keySet());
    return out;
  }

  /** Every drop count, for a metrics endpoint. */
  public Map<DropReason, Long> dropsByReason() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    drops.forEach((r, n) -> out.put(r, n.sum()));
    return out;
  }

  private static void increment(Map<InetAddress, LongAdder> m, InetAddress ip) {
    m.computeIfAbsent(ip, k -> new LongAdder()).increment();
  }

  private static long read(Map<InetAddress, LongAdder> m, InetAddress ip) {
    LongAdder a = m.get(ip);
    return a == null ? 0 : a.sum();
  }
}
