package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.ips;
import static io.baremetallb.ipam.dns.DnsFixtures.query;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The directory over an informer cache: V1Service mapping, and answers that follow the cache. */
class InformerServiceDirectoryTest {
  private final Cache<V1Service> cache = new Cache<>();
  private final InformerServiceDirectory directory = new InformerServiceDirectory(cache);

  // the document's external_name.yaml
  private static V1Service search() {
    return new V1Service().metadata(new V1ObjectMeta().namespace("dev").name("search"))
        .spec(new V1ServiceSpec().type("ExternalName").externalName("www.baidu.com"));
  }

  private static V1Service loadBalancer(String name, String... ingressIps) {
    V1LoadBalancerStatus status = new V1LoadBalancerStatus();
    for (String ip : ingressIps) {
      status.addIngressItem(new V1LoadBalancerIngress().ip(ip));
    }
    return new V1Service().metadata(new V1ObjectMeta().namespace("dev").name(name))
        .spec(new V1ServiceSpec().type("LoadBalancer"))
        .status(new V1ServiceStatus().loadBalancer(status));
  }

  @Test
  void mapsTheDocumentsExternalNameService() {
    cache.add(search());
    assertEquals(Optional.of(ServiceRecord.externalName("dev", "search", "www.baidu.com")),
        directory.find("dev", "search"));
  }

  @Test
  void mapsIngressIpsAndSkipsHostnamesAndGarbage() {
    V1Service web = loadBalancer("web", "192.0.2.10", "2001:db8::10", "not-an-ip");
    web.getStatus().getLoadBalancer().addIngressItem(new V1LoadBalancerIngress()
        .hostname("lb.example.test"));
    cache.add(web);
    assertEquals(Optional.of(ServiceRecord.loadBalancer("dev", "web",
        ips("192.0.2.10", "2001:db8::10"))), directory.find("dev", "web"));
  }

  @Test
  void serviceWithoutTypeOrStatusIsAClusterIpWithoutData() {
    cache.add(new V1Service().metadata(new V1ObjectMeta().namespace("dev").name("bare")));
    assertEquals(Optional.of(ServiceRecord.of("dev", "bare", ServiceType.CLUSTER_IP)),
        directory.find("dev", "bare"));
  }

  @Test
  void namespaceExistsWhileItHoldsServices() {
    assertFalse(directory.hasServicesIn("dev"));
    cache.add(search());
    assertTrue(directory.hasServicesIn("dev"));
    assertFalse(directory.hasServicesIn("prod"));
    cache.delete(search());
    assertFalse(directory.hasServicesIn("dev"));
  }

  @Test
  void answersFollowTheCacheWithoutRefresh() {
    DnsAnswerer answerer = new DnsAnswerer(standardConfig(), directory);
    Message before = answerer.respond(query("search.dev.svc.cluster.local", Type.A));
    assertEquals(Rcode.NXDOMAIN, before.getRcode());
    cache.add(search());
    cache.add(loadBalancer("web", "192.0.2.10"));
    Message cname = answerer.respond(query("search.dev.svc.cluster.local", Type.A));
    assertEquals("www.baidu.com.", cname.getSection(Section.ANSWER).get(0).rdataToString());
    Message a = answerer.respond(query("web.dev.lb.example.test", Type.A));
    assertEquals("192.0.2.10", a.getSection(Section.ANSWER).get(0).rdataToString());
    cache.delete(loadBalancer("web", "192.0.2.10"));
    assertEquals(Rcode.NXDOMAIN, answerer.respond(query("web.dev.lb.example.test", Type.A))
        .getRcode());
  }
}
