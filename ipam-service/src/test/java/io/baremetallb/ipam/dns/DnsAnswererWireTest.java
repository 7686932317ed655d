package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.MANY;
import static io.baremetallb.ipam.dns.DnsFixtures.query;
import static io.baremetallb.ipam.dns.DnsFixtures.services;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answerer on wire bytes: error codes, drops, EDNS(0) and truncation. */
class DnsAnswererWireTest {
  private final DnsAnswerer answerer = new DnsAnswerer(standardConfig(), services());

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  // dig search.dev.svc.cluster.local (RFC 1035 §4.1 layout, ID 0x1234, RD, no EDNS)
  static final byte[] DOC_QUERY = bytes(
      0x12, 0x34,              // ID
      0x01, 0x00,              // QR=0 OPCODE=QUERY RD=1
      0x00, 0x01,              // QDCOUNT
      0x00, 0x00,              // ANCOUNT
      0x00, 0x00,              // NSCOUNT
      0x00, 0x00,              // ARCOUNT
      6, 's', 'e', 'a', 'r', 'c', 'h', 3, 'd', 'e', 'v', 3, 's', 'v', 'c',
      7, 'c', 'l', 'u', 's', 't', 'e', 'r', 5, 'l', 'o', 'c', 'a', 'l', 0,
      0x00, 0x01,              // QTYPE A
      0x00, 0x01);             // QCLASS IN

  // its answer: CNAME www.baidu.com., TTL 5, owner compressed to the question (offset 12)
  static final byte[] DOC_RESPONSE = bytes(
      0x12, 0x34,              // ID echoed
      0x85, 0x00,              // QR=1 AA=1 RD=1, RA=0, NOERROR
      0x00, 0x01,              // QDCOUNT
      0x00, 0x01,              // ANCOUNT
      0x00, 0x00,              // NSCOUNT
      0x00, 0x00,              // ARCOUNT
      6, 's', 'e', 'a', 'r', 'c', 'h', 3, 'd', 'e', 'v', 3, 's', 'v', 'c',
      7, 'c', 'l', 'u', 's', 't', 'e', 'r', 5, 'l', 'o', 'c', 'a', 'l', 0,
      0x00, 0x01,              // QTYPE A
      0x00, 0x01,              // QCLASS IN
      0xc0, 0x0c,              // NAME: pointer to offset 12
      0x00, 0x05,              // TYPE CNAME
      0x00, 0x01,              // CLASS IN
      0x00, 0x00, 0x00, 0x05,  // TTL 5
      0x00, 0x0f,              // RDLENGTH 15
      3, 'w', 'w', 'w', 5, 'b', 'a', 'i', 'd', 'u', 3, 'c', 'o', 'm', 0);

  private Outcome.Reply reply(byte[] packet, Transport transport) {
    return assertInstanceOf(Outcome.Reply.class, answerer.answer(packet, packet.length, transport));
  }

  private static Message parse(Outcome.Reply reply) throws IOException {
    return new Message(reply.wire());
  }

  @Test
  void documentsQueryGetsTheCnameResponseByteForByte() {
    Outcome.Reply reply = reply(DOC_QUERY, Transport.UDP);
    assertArrayEquals(DOC_RESPONSE, reply.wire());
    assertEquals(Type.A, reply.qtype());
    assertEquals(Rcode.NOERROR, reply.rcode());
    assertFalse(reply.truncated());
  }

  @Test
  void onlyTheFirstLengthBytesOfTheBufferCount() {
    byte[] buffer = Arrays.copyOf(DOC_QUERY, 512);
    Outcome outcome = answerer.answer(buffer, DOC_QUERY.length, Transport.UDP);
    assertArrayEquals(DOC_RESPONSE, assertInstanceOf(Outcome.Reply.class, outcome).wire());
  }

  @Test
  void garbageAfterAValidHeaderGetsFormerrWithTheIdEchoed() {
    byte[] packet = Arrays.copyOf(DOC_QUERY, 20);  // the question is cut in the middle
    Outcome.Reply reply = reply(packet, Transport.UDP);
    assertArrayEquals(bytes(
        0x12, 0x34,            // ID echoed
        0x81, 0x01,            // QR=1 RD=1, FORMERR
        0, 0, 0, 0, 0, 0, 0, 0), reply.wire());
    assertEquals(Rcode.FORMERR, reply.rcode());
    assertEquals(-1, reply.qtype());
  }

  @Test
  void opcodeOtherThanQueryGetsNotimp() {
    byte[] notify = DOC_QUERY.clone();
    notify[2] = 0x20;          // OPCODE 4 (NOTIFY), RD=0
    assertArrayEquals(bytes(
        0x12, 0x34,
        0xa0, 0x04,            // QR=1 OPCODE=NOTIFY, NOTIMP
        0, 0, 0, 0, 0, 0, 0, 0), reply(notify, Transport.UDP).wire());
  }

  @Test
  void packetsWithoutAHeaderOrWithQrSetAreDropped() {
    assertEquals(new Outcome.Drop(DropReason.TOO_SHORT), answerer.answer(DOC_QUERY, 11,
        Transport.UDP));
    assertEquals(new Outcome.Drop(DropReason.TOO_SHORT), answerer.answer(new byte[0], 0,
        Transport.TCP));
    assertEquals(new Outcome.Drop(DropReason.RESPONSE_RECEIVED),
        answerer.answer(DOC_RESPONSE, DOC_RESPONSE.length, Transport.UDP));
  }

  @Test
  void ednsQueryGetsAnOptWithOurPayloadSize() throws IOException {
    Message query = query("web.dev.svc.cluster.local", Type.A);
    query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    OPTRecord opt = parse(reply(query.toWire(), Transport.UDP)).getOPT();
    assertNotNull(opt, "OPT in the response");
    assertEquals(DnsConfig.DEFAULT_MAX_UDP_PAYLOAD, opt.getPayloadSize());
    assertNull(parse(reply(query("web.dev.svc.cluster.local", Type.A).toWire(), Transport.UDP))
        .getOPT(), "no OPT without one in the query");
  }

  @Test
  void ednsVersionOtherThanZeroGetsBadvers() throws IOException {
    Message query = query("web.dev.svc.cluster.local", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    Outcome.Reply reply = reply(query.toWire(), Transport.UDP);
    assertEquals(Rcode.BADVERS, reply.rcode());
    assertEquals(0, parse(reply).getSection(Section.ANSWER).size());
  }

  @Test
  void twoOptRecordsAreFormerr() {
    Message query = query("web.dev.svc.cluster.local", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    assertEquals(Rcode.FORMERR, reply(query.toWire(), Transport.UDP).rcode());
  }

  @Test
  void answerTooLargeForUdpIsTruncatedAndComesWholeOverTcp() throws IOException {
    byte[] packet = query("many.prod.svc.cluster.local", Type.A).toWire();
    Outcome.Reply udp = reply(packet, Transport.UDP);
    assertTrue(udp.truncated(), "TC over UDP");
    assertTrue(udp.wire().length <= DnsConfig.CLASSIC_UDP_PAYLOAD, "fits 512 bytes");
    Message truncated = parse(udp);
    assertTrue(truncated.getHeader().getFlag(Flags.TC));
    assertEquals(0, truncated.getSection(Section.ANSWER).size(), "no partial RRset");
    Outcome.Reply tcp = reply(packet, Transport.TCP);
    assertFalse(tcp.truncated());
    assertEquals(MANY, parse(tcp).getSection(Section.ANSWER).size());
  }

  @Test
  void ednsPayloadSizeIsHonouredUpToOurMaximum() throws IOException {
    Message small = query("many.prod.svc.cluster.local", Type.A);
    small.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Outcome.Reply capped = reply(small.toWire(), Transport.UDP);
    assertTrue(capped.truncated(), "100 A records (~1.6 kB) exceed our 1232-byte maximum");
    assertTrue(capped.wire().length <= DnsConfig.DEFAULT_MAX_UDP_PAYLOAD);
    assertNotNull(parse(capped).getOPT(), "OPT survives truncation");

    DnsAnswerer roomy = new DnsAnswerer(standardConfig(DnsConfig.KEY_MAX_UDP_PAYLOAD, "4096"),
        services());
    Outcome outcome = roomy.answer(small.toWire(), small.toWire().length, Transport.UDP);
    Outcome.Reply whole = assertInstanceOf(Outcome.Reply.class, outcome);
    assertFalse(whole.truncated());
    assertEquals(MANY, parse(whole).getSection(Section.ANSWER).size());
  }
}
