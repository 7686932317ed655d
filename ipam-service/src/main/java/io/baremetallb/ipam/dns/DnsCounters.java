package io.baremetallb.ipam.dns;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Counts queries by question type and responses by code, and drops by reason. Labels are bounded:
 * uncommon types count as {@code OTHER}, queries without a readable question as {@code NONE}, so a
 * stream of random packets cannot grow the metric set.
 */
public final class DnsCounters {
  private static final Set<Integer> NAMED_TYPES = Set.of(Type.A, Type.AAAA, Type.CNAME, Type.SOA,
      Type.NS, Type.ANY, Type.PTR, Type.MX, Type.TXT, Type.SRV, Type.HTTPS, Type.SVCB);

  private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byRcode = new ConcurrentHashMap<>();
  private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
  private final LongAdder truncated = new LongAdder();

  public DnsCounters() {
    for (DropReason reason : DropReason.values()) {
      drops.put(reason, new LongAdder());
    }
  }

  /** Counts what the answerer decided for one packet. */
  public void record(Outcome outcome) {
    if (outcome instanceof Outcome.Drop drop) {
      drops.get(drop.reason()).increment();
      return;
    }
    Outcome.Reply reply = (Outcome.Reply) outcome;
    byType.computeIfAbsent(typeLabel(reply.qtype()), k -> new LongAdder()).increment();
    byRcode.computeIfAbsent(Rcode.string(reply.rcode()), k -> new LongAdder()).increment();
    if (reply.truncated()) {
      truncated.increment();
    }
  }

  /** Counts a packet the rate limiter refused before the answerer saw it. */
  public void rateLimited() {
    drops.get(DropReason.RATE_LIMITED).increment();
  }

  /** Answered queries by question type ("A", "AAAA", …, "OTHER", "NONE"), sorted by label. */
  public Map<String, Long> queriesByType() {
    return snapshot(byType);
  }

  /** Responses by code name ("NOERROR", "NXDOMAIN", …), sorted by label. */
  public Map<String, Long> responsesByRcode() {
    return snapshot(byRcode);
  }

  public long dropped(DropReason reason) {
    return drops.get(reason).sum();
  }

  /** UDP responses sent with TC set. */
  public long truncated() {
    return truncated.sum();
  }

  private static String typeLabel(int qtype) {
    if (qtype < 0) {
      return "NONE";
    }
    return NAMED_TYPES.contains(qtype) ? Type.string(qtype) : "OTHER";
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((label, adder) -> copy.put(label, adder.sum()));
    return copy;
  }
}
