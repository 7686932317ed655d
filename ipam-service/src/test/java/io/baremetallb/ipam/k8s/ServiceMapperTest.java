package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.FamilyPolicy;
import io.baremetallb.ipam.core.Port;
import io.baremetallb.ipam.core.ServiceRequest;
import io.baremetallb.ipam.k8s.ServiceMapper.Mapping;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceMapperTest {
  private final ServiceMapper mapper = new ServiceMapper("baremetallb.io/lb", true);

  /** The document's myapp-svc: LoadBalancer, Cluster policy, port 80, sharing key 192.168.5.9. */
  static V1Service myappSvc() {
    return new V1Service()
        .metadata(new V1ObjectMeta().namespace("default").name("myapp-svc")
            .annotations(new HashMap<>(Map.of("metallb.universe.tf/allow-shared-ip", "192.168.5.9"))))
        .spec(new V1ServiceSpec().type("LoadBalancer").externalTrafficPolicy("Cluster")
            .clusterIP("10.43.245.81").ipFamilies(List.of("IPv4")).ipFamilyPolicy("SingleStack")
            .selector(Map.of("app", "myapp"))
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP").nodePort(31714))));
  }

  private ServiceRequest ours(V1Service svc) {
    Mapping m = mapper.map(svc, Map.of("kubernetes.io/metadata.name", "default"));
    if (m instanceof Mapping.Ours o) {
      return o.request();
    }
    throw new AssertionError("expected Ours, got " + m);
  }

  @Test
  void theDocumentsMyappSvcAsksToShareOnTcp80() {
    ServiceRequest r = ours(myappSvc());
    assertEquals(new ServiceKey("default", "myapp-svc"), r.service());
    assertEquals(Optional.of("192.168.5.9"), r.sharingKey());
    assertEquals(Set.of(Port.tcp(80)), r.ports());
    assertEquals(List.of(IpFamily.IPV4), r.families());
    assertEquals(FamilyPolicy.SINGLE_STACK, r.familyPolicy());
    assertEquals("app=myapp", r.backendKey());
    assertEquals(false, r.local());
  }

  @Test
  void thePoolAnnotationAndRequestedIpsAreReadUnderEitherPrefix() {
    V1Service s = myappSvc();
    s.getMetadata().getAnnotations().put("metallb.io/address-pool", "production-public-ips");
    s.getMetadata().getAnnotations().put("metallb.universe.tf/loadBalancerIPs", "192.0.2.9, 2001:db8::9");
    s.getSpec().ipFamilies(List.of("IPv4", "IPv6")).ipFamilyPolicy("RequireDualStack");
    ServiceRequest r = ours(s);
    assertEquals(Optional.of("production-public-ips"), r.pool());
    assertEquals(List.of(IpAddress.parse("192.0.2.9"), IpAddress.parse("2001:db8::9")), r.requestedIps());
    assertEquals(FamilyPolicy.REQUIRE_DUAL_STACK, r.familyPolicy());
  }

  @Test
  void specLoadBalancerIpStillWorks() {
    V1Service s = myappSvc();
    s.getSpec().loadBalancerIP("192.0.2.7");
    assertEquals(List.of(IpAddress.parse("192.0.2.7")), ours(s).requestedIps());
  }

  @Test
  void localPolicyKeepsTheSelectorAsBackend() {
    V1Service s = myappSvc();
    s.getSpec().externalTrafficPolicy("Local").selector(Map.of("b", "2", "a", "1"));
    ServiceRequest r = ours(s);
    assertEquals(true, r.local());
    assertEquals("a=1,b=2", r.backendKey());
  }

  @Test
  void externalNameAndOtherClassesAreNotOurs() {
    V1Service search = new V1Service().metadata(new V1ObjectMeta().namespace("dev").name("search"))
        .spec(new V1ServiceSpec().type("ExternalName").externalName("www.baidu.com"));
    assertEquals(new Mapping.NotOurs("type is ExternalName"), mapper.map(search, Map.of()));
    V1Service other = myappSvc();
    other.getSpec().loadBalancerClass("example.com/other");
    assertEquals(new Mapping.NotOurs("loadBalancerClass is example.com/other, ours is baremetallb.io/lb"),
        mapper.map(other, Map.of()));
    assertEquals(new Mapping.NotOurs("no loadBalancerClass, and class-less Services are not ours"),
        new ServiceMapper("baremetallb.io/lb", false).map(myappSvc(), Map.of()));
  }

  @Test
  void unusableAnnotationsSayWhichAndWhy() {
    V1Service bad = myappSvc();
    bad.getMetadata().getAnnotations().put("metallb.universe.tf/loadBalancerIPs", "192.0.2.300");
    assertEquals(new Mapping.Invalid("annotation loadBalancerIPs: \"192.0.2.300\": 300 is larger than 255"),
        mapper.map(bad, Map.of()));

    V1Service both = myappSvc();
    both.getMetadata().getAnnotations().put("metallb.io/loadBalancerIPs", "192.0.2.9");
    both.getSpec().loadBalancerIP("192.0.2.8");
    assertEquals(new Mapping.Invalid("spec.loadBalancerIP and the loadBalancerIPs annotation are both set; use only the annotation"),
        mapper.map(both, Map.of()));

    V1Service disagree = myappSvc();
    disagree.getMetadata().getAnnotations().put("metallb.io/allow-shared-ip", "other-key");
    assertEquals(new Mapping.Invalid("annotations metallb.universe.tf/allow-shared-ip \"192.168.5.9\" and "
        + "metallb.io/allow-shared-ip \"other-key\" disagree"), mapper.map(disagree, Map.of()));

    V1Service proto = myappSvc();
    proto.getSpec().getPorts().get(0).protocol("ICMP");
    assertEquals(new Mapping.Invalid("spec.ports[0].protocol \"ICMP\" is not TCP, UDP or SCTP"), mapper.map(proto, Map.of()));
  }
}
