package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.query;
import static io.baremetallb.ipam.dns.DnsFixtures.standardConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The document's ExternalName YAML applied to the embedded API server, a Service informer feeding
 * {@link InformerServiceDirectory}, and the document's dig command against our port.
 */
class DnsEmbeddedClusterIT {
  // external_name.yaml from the user's document, unchanged
  private static final String EXTERNAL_NAME_YAML = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: dev

      ---

      apiVersion: v1
      kind: Service
      metadata:
        name: search
        namespace: dev
      spec:
        type: ExternalName
        externalName: www.baidu.com
      """;
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private static LocalCluster cluster;
  private static SharedInformerFactory informers;
  private static DnsServer server;
  private static CoreV1Api api;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(DnsDigIT.digPath() != null, "dig is not installed (Debian package dnsutils); skipping");
    cluster = LocalCluster.start();
    api = new CoreV1Api(cluster.apiClient());
    ApiClient client = cluster.newApiClient();
    informers = new SharedInformerFactory(client);
    SharedIndexInformer<V1Service> services = informers.sharedIndexInformerFor(
        new GenericKubernetesApi<>(V1Service.class, V1ServiceList.class, "", "v1", "services",
            client), V1Service.class, 0);
    informers.startAllRegisteredInformers();
    await(services::hasSynced, "the Service informer synced");
    server = new DnsServer(standardConfig(DnsConfig.KEY_BIND_ADDRESS, "127.0.0.1",
        DnsConfig.KEY_PORT, "0"), new InformerServiceDirectory(services.getIndexer()));
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (informers != null) {
      informers.stopAllRegisteredInformers();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** The response code for {@code name}, or -1 when no answer came (await then asks again). */
  private static int rcode(String name, int type) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    resolver.setTimeout(Duration.ofSeconds(2));
    try {
      return resolver.send(query(name, type)).getRcode();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void documentsYamlAppliedThenDocumentsDigGetsTheCname() throws Exception {
    for (Object object : Yaml.loadAll(EXTERNAL_NAME_YAML)) {
      if (object instanceof V1Namespace) {
        api.createNamespace((V1Namespace) object).execute();
      } else {
        api.createNamespacedService("dev", (V1Service) object).execute();
      }
    }
    await(() -> rcode("search.dev.svc.cluster.local", Type.A) == Rcode.NOERROR,
        "the informer has the Service");
    String output = DnsDigIT.dig(server.port(), "search.dev.svc.cluster.local");
    DnsDigIT.assertLine(
        "^search\\.dev\\.svc\\.cluster\\.local\\.\\s+5\\s+IN\\s+CNAME\\s+www\\.baidu\\.com\\.$",
        output);
  }

  @Test
  void loadBalancerResolvesToItsIngressAndStopsWhenDeleted() throws Exception {
    createNamespace("shop");
    V1Service web = new V1Service().metadata(new V1ObjectMeta().namespace("shop").name("web"))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(new V1ServicePort().port(80))));
    V1Service created = api.createNamespacedService("shop", web).execute();
    created.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus().ingress(List.of(
        new V1LoadBalancerIngress().ip("192.0.2.20"), new V1LoadBalancerIngress().ip("2001:db8::20")))));
    api.replaceNamespacedServiceStatus("web", "shop", created).execute();
    await(() -> DnsDigIT.digQuietly(server.port(), "web.shop.lb.example.test", "A", "+short")
        .equals("192.0.2.20\n"), "web.shop.lb.example.test has A 192.0.2.20");
    assertEquals("2001:db8::20\n",
        DnsDigIT.dig(server.port(), "web.shop.svc.cluster.local", "AAAA", "+short"));
    api.deleteNamespacedService("web", "shop").execute();
    await(() -> rcode("web.shop.lb.example.test", Type.A) == Rcode.NXDOMAIN,
        "the deleted Service no longer resolves");
  }

  private static void createNamespace(String name) throws ApiException {
    api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
  }
}
