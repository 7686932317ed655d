package io.baremetallb.ipam.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The answer engine: a query in, a response out, no sockets, no threads, no state of its own. It
 * reads Services through the {@link ServiceDirectory} on every query, so answers follow the cache.
 * Safe to call from many threads at once.
 */
public final class DnsAnswerer {
  /** How many CNAMEs we follow inside our own zones before leaving the rest to the resolver. */
  static final int MAX_CNAME_CHAIN = 8;
  private static final int MAX_TCP_MESSAGE = 65_535;

  private final DnsConfig config;
  private final ZoneLookup lookup;
  private final ZoneRecords records;

  public DnsAnswerer(DnsConfig config, ServiceDirectory directory) {
    this.config = config;
    this.lookup = new ZoneLookup(config, directory);
    this.records = new ZoneRecords(config);
  }

  /**
   * Answers the first {@code length} bytes of {@code packet} as received over {@code transport}.
   * Never throws: a malformed query gets FORMERR with its ID, an opcode other than QUERY gets NOTIMP,
   * and only packets without a header or with QR set are dropped.
   */
  public Outcome answer(byte[] packet, int length, Transport transport) {
    if (length < Header.LENGTH) {
      return new Outcome.Drop(DropReason.TOO_SHORT);
    }
    int flags = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
    if ((flags & 0x8000) != 0) {
      return new Outcome.Drop(DropReason.RESPONSE_RECEIVED);
    }
    int opcode = (flags >>> 11) & 0xf;
    if (opcode != Opcode.QUERY) {
      return headerOnly(packet, Rcode.NOTIMP);
    }
    Message query;
    try {
      query = new Message(length == packet.length ? packet : Arrays.copyOf(packet, length));
    } catch (IOException | RuntimeException e) {
      // dnsjava reports most bad input as WireParseException, some as unchecked exceptions.
      return headerOnly(packet, Rcode.FORMERR);
    }
    Message response = respond(query);
    int limit = transport == Transport.TCP ? MAX_TCP_MESSAGE : udpLimit(query.getOPT());
    byte[] wire = response.toWire(limit);
    Record question = response.getQuestion();
    return new Outcome.Reply(wire, question == null ? -1 : question.getType(), response.getRcode(),
        (wire[2] & 0x02) != 0);
  }

  /** Answers a parsed query, without size limits (the caller renders it for its transport). */
  public Message respond(Message query) {
    Header queryHeader = query.getHeader();
    Message response = new Message(queryHeader.getID());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setOpcode(queryHeader.getOpcode());
    copyFlag(queryHeader, header, Flags.RD);
    copyFlag(queryHeader, header, Flags.CD);
    if (queryHeader.getOpcode() != Opcode.QUERY) {
      header.setRcode(Rcode.NOTIMP);
      return response;
    }
    List<Record> questions = query.getSection(Section.QUESTION);
    List<OPTRecord> opts = optRecords(query);
    if (queryHeader.getFlag(Flags.QR) || questions.size() != 1 || opts.size() > 1
        || (opts.size() == 1 && !opts.get(0).getName().equals(Name.root))) {
      // RFC 6891 §6.1.1: more than one OPT, or an OPT not owned by the root, is FORMERR.
      header.setRcode(Rcode.FORMERR);
      return response;
    }
    Record question = questions.get(0);
    response.addRecord(question, Section.QUESTION);
    if (!opts.isEmpty()) {
      OPTRecord opt = opts.get(0);
      if (opt.getVersion() != 0) {
        // RFC 6891 §6.1.3: BADVERS (16) is extended: 1 in the OPT's upper bits, 0 in the header.
        response.addRecord(new OPTRecord(config.maxUdpPayload(), Rcode.BADVERS >>> 4, 0),
            Section.ADDITIONAL);
        return response;
      }
      response.addRecord(new OPTRecord(config.maxUdpPayload(), 0, 0), Section.ADDITIONAL);
    }
    answerQuestion(question, response);
    return response;
  }

  private void answerQuestion(Record question, Message response) {
    Header header = response.getHeader();
    int qtype = question.getType();
    int qclass = question.getDClass();
    Optional<Node> node = lookup.lookup(question.getName());
    if ((qclass != DClass.IN && qclass != DClass.ANY) || node.isEmpty()) {
      header.setRcode(Rcode.REFUSED);
      return;
    }
    if (!Type.isRR(qtype) && qtype != Type.ANY) {
      // AXFR, IXFR, MAILA, MAILB, OPT, TSIG, TKEY as a question: no zone transfers here.
      header.setRcode(Rcode.NOTIMP);
      return;
    }
    header.setFlag(Flags.AA);
    answerChain(question.getName(), node.get(), qtype, response);
  }

  /** Follows ExternalName CNAMEs through our zones (RFC 1034 §4.3.2 step 3a), then answers the end. */
  private void answerChain(Name qname, Node first, int qtype, Message response) {
    Name owner = qname;
    Node node = first;
    Set<Name> seen = new HashSet<>();
    while (node instanceof Node.Service service
        && service.service().type() == ServiceType.EXTERNAL_NAME) {
      seen.add(owner);
      Optional<Name> target = target(service.service());
      if (target.isEmpty()) {
        answerNode(new Node.EmptyNonTerminal(node.zone()), owner, qtype, response);
        return;
      }
      response.addRecord(records.cname(owner, target.get()), Section.ANSWER);
      Optional<Node> next = lookup.lookup(target.get());
      if (qtype == Type.CNAME || qtype == Type.ANY || next.isEmpty()
          || seen.contains(target.get()) || seen.size() >= MAX_CNAME_CHAIN) {
        // Out of our zones, a loop or a long chain: the resolver takes it from here.
        return;
      }
      owner = target.get();
      node = next.get();
    }
    answerNode(node, owner, qtype, response);
  }

  private void answerNode(Node node, Name owner, int qtype, Message response) {
    List<Record> data = dataAt(node, owner, qtype);
    if (node instanceof Node.Nonexistent) {
      // RFC 6604: after a CNAME the RCODE describes the last name of the chain.
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    if (data.isEmpty()) {
      // RFC 2308 §2.1/§2.2: NXDOMAIN and NODATA carry the zone's SOA for negative caching.
      response.addRecord(records.soa(node.zone()), Section.AUTHORITY);
      return;
    }
    data.forEach(record -> response.addRecord(record, Section.ANSWER));
    if (qtype == Type.NS) {
      addNameserverGlue(response);
    }
  }

  private List<Record> dataAt(Node node, Name owner, int qtype) {
    List<Record> data = new ArrayList<>();
    if (node instanceof Node.Apex) {
      if (qtype == Type.SOA || qtype == Type.ANY) {
        data.add(records.soa(node.zone()));
      }
      if (qtype == Type.NS || qtype == Type.ANY) {
        data.add(records.ns(node.zone()));
      }
    } else if (node instanceof Node.Nameserver) {
      data.addAll(records.addresses(owner, config.nameserverAddresses(), qtype));
    } else if (node instanceof Node.Service service
        && service.service().type() == ServiceType.LOAD_BALANCER) {
      data.addAll(records.addresses(owner, service.service().ingressIps(), qtype));
    }
    return data;
  }

  private void addNameserverGlue(Message response) {
    Optional<Node> node = lookup.lookup(config.nameserver());
    if (node.isPresent() && node.get() instanceof Node.Nameserver) {
      records.addresses(config.nameserver(), config.nameserverAddresses(), Type.ANY)
          .forEach(record -> response.addRecord(record, Section.ADDITIONAL));
    }
  }

  private Optional<Name> target(ServiceRecord service) {
    try {
      return Optional.of(Name.fromString(service.externalName(), Name.root));
    } catch (TextParseException e) {
      // The API server validates externalName as a DNS name; should one slip through, the name
      // still exists and simply has no data.
      return Optional.empty();
    }
  }

  /** RFC 6891 §6.2.3/§6.2.5: below 512 counts as 512, and we never exceed our own maximum. */
  private int udpLimit(OPTRecord opt) {
    if (opt == null) {
      return DnsConfig.CLASSIC_UDP_PAYLOAD;
    }
    return Math.max(DnsConfig.CLASSIC_UDP_PAYLOAD, Math.min(opt.getPayloadSize(),
        config.maxUdpPayload()));
  }

  private static List<OPTRecord> optRecords(Message query) {
    List<OPTRecord> opts = new ArrayList<>();
    for (Record record : query.getSection(Section.ADDITIONAL)) {
      if (record instanceof OPTRecord opt) {
        opts.add(opt);
      }
    }
    return opts;
  }

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }

  /*
   * A response that is only a header, for queries we cannot or will not parse (RFC 1035 §4.1.1):
   *   2 bytes: ID, echoed
   *   2 bytes: QR=1, OPCODE echoed, AA=0, TC=0, RD echoed, RA=0, Z=0, RCODE
   *   4 x 2 bytes: QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT = 0
   */
  private static Outcome headerOnly(byte[] query, int rcode) {
    byte[] wire = new byte[Header.LENGTH];
    wire[0] = query[0];
    wire[1] = query[1];
    wire[2] = (byte) (0x80 | (query[2] & 0x79));
    wire[3] = (byte) rcode;
    return new Outcome.Reply(wire, -1, rcode, false);
  }
}
