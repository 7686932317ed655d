package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IPAM service running on Liberty, against the embedded API server the build starts for it:
 * the document's ConfigMap and Service get an EXTERNAL-IP, readiness turns UP, and MetalLB's
 * metrics count the pool.
 */
class AllocationIT {
  private static final String BASE = "http://localhost:" + System.getProperty("http.port");
  private static CoreV1Api api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void cluster() throws Exception {
    java.nio.file.Path kubeconfig = java.nio.file.Path.of(System.getProperty("it.kubeconfig"));
    await("the embedded API server's kubeconfig", () -> java.nio.file.Files.isReadable(kubeconfig) ? kubeconfig : null);
    ApiClient c = Config.fromConfig(kubeconfig.toString());
    api = new CoreV1Api(c);
    String[] last = {""};
    try {
      await("the embedded API server", () -> {
        try {
          return api.listNamespace().execute();
        } catch (ApiException e) {
          last[0] = e.getCode() + " " + e.getMessage() + " " + e.getResponseBody();
          return null;
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
    }
    for (String ns : List.of("metallb-system", "it-default")) {
      api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
    }
    api.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
        .metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
        .data(Map.of("config", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n"
            + "  - 192.0.2.5-192.0.2.9\n"))).execute();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Test
  void aLoadBalancerServiceGetsItsExternalIpAndTheMetricsSaySo() throws Exception {
    api.createNamespacedService("it-default", new V1Service()
        .metadata(new V1ObjectMeta().namespace("it-default").name("myapp-svc"))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", "myapp"))
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP"))))).execute();
    String ip = await("EXTERNAL-IP of myapp-svc", () -> {
      try {
        V1Service s = api.readNamespacedService("myapp-svc", "it-default").execute();
        return s.getStatus() != null && s.getStatus().getLoadBalancer() != null
            && s.getStatus().getLoadBalancer().getIngress() != null
            && !s.getStatus().getLoadBalancer().getIngress().isEmpty()
            ? s.getStatus().getLoadBalancer().getIngress().get(0).getIp() : null;
      } catch (ApiException e) {
        return null;
      }
    });
    assertEquals("192.0.2.5", ip);

    // the DNS responder answers the Service's name with that address, from the same cache
    org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver("127.0.0.1");
    resolver.setPort(Integer.parseInt(System.getProperty("it.dns.port")));
    org.xbill.DNS.Message answer = resolver.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
        org.xbill.DNS.Name.fromString("myapp-svc.it-default.svc.cluster.local."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN)));
    assertEquals("192.0.2.5", ((org.xbill.DNS.ARecord) answer.getSection(org.xbill.DNS.Section.ANSWER).get(0))
        .getAddress().getHostAddress(), answer.toString());

    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"configSource\":\"ConfigMap metallb-system/config\""), ready.body());
    assertTrue(ready.body().contains("\"dnsListening\":true"), ready.body());

    String metrics = await("pool metrics", () -> {
      try {
        String body = get("/metrics").body();
        return body.contains("metallb_allocator_addresses_in_use_total{") ? body : null;
      } catch (Exception e) {
        return null;
      }
    });
    assertTrue(metrics.matches("(?s).*metallb_allocator_addresses_total\\{[^}]*pool=\"my-ip-space\"[^}]*} 5(\\.0)?\\n.*"), metrics);
    // our allocation-latency histogram counted myapp-svc (buckets from microprofile-config.properties)
    assertTrue(metrics.matches("(?s).*baremetallb_allocation_latency_seconds_count\\{[^}]*} [1-9].*"), metrics);
    assertTrue(metrics.contains("baremetallb_allocation_latency_seconds_bucket{"), metrics);
    assertTrue(metrics.matches("(?s).*metallb_allocator_addresses_in_use_total\\{[^}]*pool=\"my-ip-space\"[^}]*} 1(\\.0)?\\n.*"), metrics);
    assertTrue(metrics.matches("(?s).*metallb_k8s_client_config_stale_bool\\{[^}]*} 0(\\.0)?\\n.*"), metrics);
    assertTrue(metrics.matches("(?s).*baremetallb_ipam_events_dropped_total\\{[^}]*} 0(\\.0)?\\n.*"), metrics);
    assertTrue(metrics.matches("(?s).*baremetallb_ipam_events_failed_total\\{[^}]*} 0(\\.0)?\\n.*"), metrics);

    // the DNS responder's counters: the A query above, answered NOERROR
    String dnsMetrics = await("DNS metrics", () -> {
      try {
        String body = get("/metrics").body();
        return body.matches("(?s).*baremetallb_dns_queries_total\\{[^}]*type=\"A\"[^}]*} [1-9].*")
            && body.matches("(?s).*baremetallb_dns_responses_total\\{[^}]*rcode=\"NOERROR\"[^}]*} [1-9].*") ? body : null;
      } catch (Exception e) {
        return null;
      }
    });
    assertTrue(dnsMetrics.contains("baremetallb_dns_dropped_total"), dnsMetrics);
  }
}
