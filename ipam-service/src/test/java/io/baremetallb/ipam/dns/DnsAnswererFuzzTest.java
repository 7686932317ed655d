package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.services;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/** 100,000 hostile packets: the answerer never throws and every reply is a well-formed response. */
class DnsAnswererFuzzTest {
  private static final int PACKETS = 100_000;

  private final DnsAnswerer answerer = new DnsAnswerer(standardConfig(), services());
  private final DnsCounters counters = new DnsCounters();

  @Test
  void hostilePacketsGetWellFormedRepliesOrAreDropped() {
    DnsFuzz fuzz = new DnsFuzz(20261125L);
    int replies = 0;
    for (int i = 0; i < PACKETS; i++) {
      byte[] packet = fuzz.next();
      Transport transport = i % 4 == 0 ? Transport.TCP : Transport.UDP;
      Outcome outcome;
      try {
        outcome = answerer.answer(packet, packet.length, transport);
      } catch (RuntimeException e) {
        throw new AssertionError("packet " + i + " " + HexFormat.of().formatHex(packet), e);
      }
      counters.record(outcome);
      if (outcome instanceof Outcome.Reply) {
        checkReply(packet, transport, (Outcome.Reply) outcome, i);
        replies++;
      }
    }
    assertTrue(replies > PACKETS / 2, "most packets carry a header and get an answer: " + replies);
    assertTrue(counters.queriesByType().size() <= 14, "bounded labels: " + counters.queriesByType());
    assertArrayEquals(DnsAnswererWireTest.DOC_RESPONSE, ((Outcome.Reply) answerer.answer(
        DnsAnswererWireTest.DOC_QUERY, DnsAnswererWireTest.DOC_QUERY.length, Transport.UDP)).wire(),
        "still answers the document's query exactly");
  }

  private static void checkReply(byte[] packet, Transport transport, Outcome.Reply reply, int i) {
    byte[] wire = reply.wire();
    Supplier<String> where = () -> "packet " + i + " " + HexFormat.of().formatHex(packet);
    assertEquals(packet[0], wire[0], where);
    assertEquals(packet[1], wire[1], where);
    assertTrue((wire[2] & 0x80) != 0, where);
    if (transport == Transport.UDP) {
      assertTrue(wire.length <= DnsConfig.DEFAULT_MAX_UDP_PAYLOAD, where);
    }
    try {
      new Message(wire);
    } catch (IOException e) {
      fail("reply does not parse: " + where.get(), e);
    }
  }
}
