package io.baremetallb.ipam.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Counters by question type and response code, with a bounded set of labels. */
class DnsCountersTest {
  private final DnsCounters counters = new DnsCounters();

  private void reply(int qtype, int rcode, boolean truncated) {
    counters.record(new Outcome.Reply(new byte[12], qtype, rcode, truncated));
  }

  @Test
  void countsQueriesByTypeAndResponsesByCode() {
    reply(Type.A, Rcode.NOERROR, false);
    reply(Type.A, Rcode.NXDOMAIN, false);
    reply(Type.AAAA, Rcode.NOERROR, true);
    reply(-1, Rcode.FORMERR, false);
    reply(Type.NAPTR, Rcode.BADVERS, false);
    assertEquals(Map.of("A", 2L, "AAAA", 1L, "NONE", 1L, "OTHER", 1L), counters.queriesByType());
    assertEquals(Map.of("NOERROR", 2L, "NXDOMAIN", 1L, "FORMERR", 1L, "BADVERS", 1L),
        counters.responsesByRcode());
    assertEquals(1, counters.truncated());
  }

  @Test
  void uncommonTypesShareOneLabel() {
    for (int qtype = 300; qtype < 1300; qtype++) {
      reply(qtype, Rcode.NOERROR, false);
    }
    assertEquals(Map.of("OTHER", 1000L), counters.queriesByType());
  }

  @Test
  void countsDropsByReason() {
    counters.record(new Outcome.Drop(DropReason.TOO_SHORT));
    counters.rateLimited();
    counters.rateLimited();
    assertEquals(1, counters.dropped(DropReason.TOO_SHORT));
    assertEquals(2, counters.dropped(DropReason.RATE_LIMITED));
    assertEquals(0, counters.dropped(DropReason.RESPONSE_RECEIVED));
    assertEquals(Map.of(), counters.queriesByType(), "drops are not queries answered");
  }
}
