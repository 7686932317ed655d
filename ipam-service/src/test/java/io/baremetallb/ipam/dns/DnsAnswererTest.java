package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.ips;
import static io.baremetallb.ipam.dns.DnsFixtures.query;
import static io.baremetallb.ipam.dns.DnsFixtures.services;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answer logic, message in and message out: which names exist and what they hold. */
class DnsAnswererTest {
  private static final String SOA_CLUSTER = "cluster.local. 5 IN SOA ns.dns.cluster.local. "
      + "hostmaster.cluster.local. 1 3600 600 86400 5";
  private static final String SOA_EXTERNAL = "lb.example.test. 5 IN SOA ns.dns.cluster.local. "
      + "hostmaster.lb.example.test. 1 3600 600 86400 5";

  private final InMemoryServiceDirectory directory = services();
  private final DnsAnswerer answerer = new DnsAnswerer(standardConfig(), directory);

  private Message ask(String name, int type) {
    return answerer.respond(query(name, type));
  }

  /** A section as dig-like lines: "owner ttl class type rdata". */
  static List<String> section(Message message, int section) {
    List<String> lines = new ArrayList<>();
    for (Record record : message.getSection(section)) {
      lines.add(record.toString().replaceAll("\\s+", " "));
    }
    return lines;
  }

  private static void assertAnswer(Message response, int rcode, List<String> answer,
      List<String> authority) {
    assertEquals(Rcode.string(rcode), Rcode.string(response.getRcode()), response.toString());
    assertEquals(answer, section(response, Section.ANSWER), response.toString());
    assertEquals(authority, section(response, Section.AUTHORITY), response.toString());
  }

  @Test
  void documentsExternalNameServiceAnswersCnameToItsExternalName() {
    Message response = ask("search.dev.svc.cluster.local", Type.A);
    assertAnswer(response, Rcode.NOERROR,
        List.of("search.dev.svc.cluster.local. 5 IN CNAME www.baidu.com."), List.of());
    assertTrue(response.getHeader().getFlag(Flags.AA), "authoritative");
    assertTrue(response.getHeader().getFlag(Flags.QR), "a response");
    assertTrue(response.getHeader().getFlag(Flags.RD), "RD copied from the query");
  }

  @Test
  void cnameQuestionGetsOnlyTheCname() {
    assertAnswer(ask("search.dev.svc.cluster.local", Type.CNAME), Rcode.NOERROR,
        List.of("search.dev.svc.cluster.local. 5 IN CNAME www.baidu.com."), List.of());
  }

  @Test
  void loadBalancerAnswersAFromIngressIpv4AndAaaaFromIngressIpv6() {
    assertAnswer(ask("web.dev.svc.cluster.local", Type.A), Rcode.NOERROR,
        List.of("web.dev.svc.cluster.local. 5 IN A 192.0.2.10"), List.of());
    assertAnswer(ask("web.dev.svc.cluster.local", Type.AAAA), Rcode.NOERROR,
        List.of("web.dev.svc.cluster.local. 5 IN AAAA 2001:db8:0:0:0:0:0:10"), List.of());
    assertAnswer(ask("web.dev.svc.cluster.local", Type.ANY), Rcode.NOERROR,
        List.of("web.dev.svc.cluster.local. 5 IN A 192.0.2.10",
            "web.dev.svc.cluster.local. 5 IN AAAA 2001:db8:0:0:0:0:0:10"), List.of());
  }

  @Test
  void externalZoneNamesLoadBalancersWithoutTheSvcLabel() {
    assertAnswer(ask("web.dev.lb.example.test", Type.A), Rcode.NOERROR,
        List.of("web.dev.lb.example.test. 5 IN A 192.0.2.10"), List.of());
  }

  @Test
  void externalZoneHidesServicesThatAreNotLoadBalancers() {
    assertAnswer(ask("search.dev.lb.example.test", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_EXTERNAL));
    assertAnswer(ask("db.dev.lb.example.test", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_EXTERNAL));
  }

  @Test
  void existingNameWithoutDataForTheTypeIsNodataWithSoa() {
    assertAnswer(ask("v4only.dev.svc.cluster.local", Type.AAAA), Rcode.NOERROR, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("pending.dev.svc.cluster.local", Type.A), Rcode.NOERROR, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("db.dev.svc.cluster.local", Type.A), Rcode.NOERROR, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("web.dev.svc.cluster.local", Type.MX), Rcode.NOERROR, List.of(),
        List.of(SOA_CLUSTER));
  }

  @Test
  void missingServiceIsNxdomainWithSoaWhoseMinimumIsTheTtl() {
    Message response = ask("nope.dev.svc.cluster.local", Type.A);
    assertAnswer(response, Rcode.NXDOMAIN, List.of(), List.of(SOA_CLUSTER));
    assertTrue(response.getHeader().getFlag(Flags.AA), "NXDOMAIN is authoritative too");
    assertEquals(5, ((SOARecord) response.getSection(Section.AUTHORITY).get(0)).getMinimum());
  }

  @Test
  void namesAboveServicesExistOnlyWhileServicesAreBelowThem() {
    assertAnswer(ask("svc.cluster.local", Type.A), Rcode.NOERROR, List.of(), List.of(SOA_CLUSTER));
    assertAnswer(ask("dev.svc.cluster.local", Type.A), Rcode.NOERROR, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("empty.svc.cluster.local", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("dev.lb.example.test", Type.A), Rcode.NOERROR, List.of(),
        List.of(SOA_EXTERNAL));
  }

  @Test
  void namesBelowAServiceOrOutsideTheLayoutDoNotExist() {
    assertAnswer(ask("x.search.dev.svc.cluster.local", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("web.dev.pod.cluster.local", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_CLUSTER));
    assertAnswer(ask("x.web.dev.lb.example.test", Type.A), Rcode.NXDOMAIN, List.of(),
        List.of(SOA_EXTERNAL));
  }

  @Test
  void namesOutsideOurZonesAreRefusedWithoutAuthority() {
    Message response = ask("www.baidu.com", Type.A);
    assertAnswer(response, Rcode.REFUSED, List.of(), List.of());
    assertFalse(response.getHeader().getFlag(Flags.AA), "not authoritative for baidu.com");
    assertEquals(Rcode.REFUSED, ask("local", Type.SOA).getRcode());
  }

  @Test
  void apexServesSoaAndNsWithGlue() {
    assertAnswer(ask("cluster.local", Type.SOA), Rcode.NOERROR, List.of(SOA_CLUSTER), List.of());
    Message ns = ask("cluster.local", Type.NS);
    assertAnswer(ns, Rcode.NOERROR, List.of("cluster.local. 5 IN NS ns.dns.cluster.local."),
        List.of());
    assertEquals(List.of("ns.dns.cluster.local. 5 IN A 192.0.2.53"),
        section(ns, Section.ADDITIONAL));
    assertAnswer(ask("lb.example.test", Type.ANY), Rcode.NOERROR,
        List.of(SOA_EXTERNAL, "lb.example.test. 5 IN NS ns.dns.cluster.local."), List.of());
    assertAnswer(ask("cluster.local", Type.A), Rcode.NOERROR, List.of(), List.of(SOA_CLUSTER));
  }

  @Test
  void nameserverNameResolvesToItsConfiguredAddress() {
    assertAnswer(ask("ns.dns.cluster.local", Type.A), Rcode.NOERROR,
        List.of("ns.dns.cluster.local. 5 IN A 192.0.2.53"), List.of());
    assertAnswer(ask("dns.cluster.local", Type.A), Rcode.NOERROR, List.of(), List.of(SOA_CLUSTER));
  }

  @Test
  void namesMatchWhateverTheirCaseAndTheAnswerKeepsTheQuestionsCase() {
    assertAnswer(ask("SeArCh.DEV.svc.Cluster.LOCAL", Type.A), Rcode.NOERROR,
        List.of("SeArCh.DEV.svc.Cluster.LOCAL. 5 IN CNAME www.baidu.com."), List.of());
  }

  @Test
  void cnameIntoOurZoneIsFollowedToTheAddresses() {
    assertAnswer(ask("alias.dev.svc.cluster.local", Type.A), Rcode.NOERROR,
        List.of("alias.dev.svc.cluster.local. 5 IN CNAME web.dev.svc.cluster.local.",
            "web.dev.svc.cluster.local. 5 IN A 192.0.2.10"), List.of());
    assertAnswer(ask("outside.dev.svc.cluster.local", Type.AAAA), Rcode.NOERROR,
        List.of("outside.dev.svc.cluster.local. 5 IN CNAME web.dev.lb.example.test.",
            "web.dev.lb.example.test. 5 IN AAAA 2001:db8:0:0:0:0:0:10"), List.of());
  }

  @Test
  void cnameToAMissingNameInOurZoneEndsInNxdomain() {
    assertAnswer(ask("dangling.dev.svc.cluster.local", Type.A), Rcode.NXDOMAIN,
        List.of("dangling.dev.svc.cluster.local. 5 IN CNAME gone.dev.svc.cluster.local."),
        List.of(SOA_CLUSTER));
  }

  @Test
  void cnameLoopStopsWhenANameComesBack() {
    assertAnswer(ask("loop-a.dev.svc.cluster.local", Type.A), Rcode.NOERROR,
        List.of("loop-a.dev.svc.cluster.local. 5 IN CNAME loop-b.dev.svc.cluster.local.",
            "loop-b.dev.svc.cluster.local. 5 IN CNAME loop-a.dev.svc.cluster.local."), List.of());
  }

  @Test
  void longCnameChainStopsAtTheLimit() {
    for (int i = 0; i < 20; i++) {
      directory.put(ServiceRecord.externalName("chain", "c" + i,
          "c" + (i + 1) + ".chain.svc.cluster.local"));
    }
    Message response = ask("c0.chain.svc.cluster.local", Type.A);
    assertEquals(Rcode.NOERROR, response.getRcode());
    assertEquals(DnsAnswerer.MAX_CNAME_CHAIN, response.getSection(Section.ANSWER).size());
  }

  @Test
  void changesInTheDirectoryShowInTheNextAnswer() {
    directory.put(ServiceRecord.loadBalancer("dev", "new", ips("203.0.113.5")));
    assertAnswer(ask("new.dev.svc.cluster.local", Type.A), Rcode.NOERROR,
        List.of("new.dev.svc.cluster.local. 5 IN A 203.0.113.5"), List.of());
    directory.put(ServiceRecord.loadBalancer("dev", "new", ips("203.0.113.6")));
    assertAnswer(ask("new.dev.svc.cluster.local", Type.A), Rcode.NOERROR,
        List.of("new.dev.svc.cluster.local. 5 IN A 203.0.113.6"), List.of());
    directory.remove("dev", "new");
    assertEquals(Rcode.NXDOMAIN, ask("new.dev.svc.cluster.local", Type.A).getRcode());
  }

  @Test
  void duplicateIngressAddressesAreAnsweredOnce() {
    directory.put(ServiceRecord.loadBalancer("dev", "twice", ips("192.0.2.9", "192.0.2.9")));
    assertEquals(1, ask("twice.dev.svc.cluster.local", Type.A).getSection(Section.ANSWER).size());
  }

  @Test
  void ttlComesFromConfiguration() {
    DnsAnswerer longer = new DnsAnswerer(standardConfig(DnsConfig.KEY_TTL, "60"), directory);
    assertEquals(List.of("web.dev.svc.cluster.local. 60 IN A 192.0.2.10"),
        section(longer.respond(query("web.dev.svc.cluster.local", Type.A)), Section.ANSWER));
  }

  @Test
  void classOtherThanInIsRefused() {
    Message chaos = Message.newQuery(Record.newRecord(Name.fromConstantString("version.bind."),
        Type.TXT, DClass.CH));
    assertEquals(Rcode.REFUSED, answerer.respond(chaos).getRcode());
  }

  @Test
  void zoneTransferIsNotImplemented() {
    assertEquals(Rcode.NOTIMP, ask("cluster.local", Type.AXFR).getRcode());
    assertEquals(Rcode.REFUSED, ask("example.com", Type.AXFR).getRcode());
  }

  @Test
  void queryWithoutQuestionIsFormerr() {
    Message empty = new Message(77);
    Message response = answerer.respond(empty);
    assertEquals(Rcode.FORMERR, response.getRcode());
    assertEquals(77, response.getHeader().getID());
  }
}
