package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API on Liberty, against the embedded API server: the document's pool and a Service
 * with a sharing key, seen through /api/v1/pools and /api/v1/allocations; errors as problem+json;
 * /openapi describes the paths. It shares the server with AllocationIT: it creates the namespace
 * and ConfigMap only if they are not there yet, and uses a namespace of its own for its Service.
 */
class RestApiIT {
  private static final String BASE = "http://localhost:" + System.getProperty("http.port");
  private static final String NS = "it-rest";
  private static CoreV1Api api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void cluster() throws Exception {
    Path kubeconfig = Path.of(System.getProperty("it.kubeconfig"));
    await("the embedded API server's kubeconfig", () -> Files.isReadable(kubeconfig) ? kubeconfig : null);
    ApiClient c = Config.fromConfig(kubeconfig.toString());
    api = new CoreV1Api(c);
    await("the embedded API server", () -> {
      try {
        return api.listNamespace().execute();
      } catch (ApiException e) {
        return null;
      }
    });
    for (String ns : List.of("metallb-system", NS)) {
      createIfAbsent(() -> api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute());
    }
    createIfAbsent(() -> api.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
        .metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
        .data(Map.of("config", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n"
            + "  - 192.0.2.5-192.0.2.9\n"))).execute());
  }

  interface Create {
    Object run() throws ApiException;
  }

  private static void createIfAbsent(Create c) throws ApiException {
    try {
      c.run();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
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

  private JsonArray awaitAllocations() throws InterruptedException {
    return await("rest-svc in /api/v1/allocations", () -> {
      try {
        HttpResponse<String> r = get("/api/v1/allocations?namespace=" + NS);
        JsonArray a = r.statusCode() == 200 ? JsonParser.parseString(r.body()).getAsJsonArray() : null;
        return a != null && a.size() == 1 ? a : null;
      } catch (Exception e) {
        return null;
      }
    });
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
    JsonObject p = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals(status, p.get("status").getAsInt(), r.body());
    assertTrue(p.has("type") && p.has("title") && !p.get("detail").getAsString().isBlank(), r.body());
  }

  @Test
  void poolsAndAllocationsShowTheServiceWithItsSharingKey() throws Exception {
    api.createNamespacedService(NS, new V1Service()
        .metadata(new V1ObjectMeta().namespace(NS).name("rest-svc")
            .annotations(Map.of("metallb.universe.tf/allow-shared-ip", "rest-key")))
        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", "rest"))
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP"))))).execute();
    JsonObject mine = awaitAllocations().get(0).getAsJsonObject();
    assertEquals("rest-svc", mine.get("service").getAsString(), mine.toString());
    assertEquals("my-ip-space", mine.get("pool").getAsString(), mine.toString());
    assertEquals("rest-key", mine.get("sharingKey").getAsString(), mine.toString());
    String ip = mine.get("ips").getAsJsonArray().get(0).getAsString();
    assertTrue(ip.matches("192\\.0\\.2\\.[5-9]"), ip);

    // other ITs' Services may share the pool: in use is what the pool's allocations hold
    HttpResponse<String> inPool = get("/api/v1/allocations?pool=my-ip-space");
    assertEquals(200, inPool.statusCode(), inPool.body());
    JsonArray holders = JsonParser.parseString(inPool.body()).getAsJsonArray();
    assertTrue(holders.toString().contains("\"rest-svc\""), holders.toString());

    HttpResponse<String> pools = get("/api/v1/pools");
    assertEquals(200, pools.statusCode(), pools.body());
    assertEquals("application/json", pools.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonArray list = JsonParser.parseString(pools.body()).getAsJsonArray();
    assertEquals(1, list.size(), pools.body());
    JsonObject pool = list.get(0).getAsJsonObject();
    assertEquals("my-ip-space", pool.get("name").getAsString(), pool.toString());
    assertEquals("[\"IPv4\"]", pool.get("families").toString());
    assertEquals("[\"192.0.2.5-192.0.2.9\"]", pool.get("addresses").toString());
    assertEquals(5, pool.get("total").getAsInt(), pool.toString());
    assertEquals(holders.size(), pool.get("inUse").getAsInt(), pool + " vs " + holders);
    assertEquals(0, pool.get("reserved").getAsInt(), pool.toString());
    assertEquals(5 - holders.size(), pool.get("free").getAsInt(), pool.toString());

    HttpResponse<String> one = get("/api/v1/pools/my-ip-space");
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(pool, JsonParser.parseString(one.body()));
  }

  @Test
  void errorsAreProblemDocumentsAndBadInputIsNever500() throws Exception {
    awaitReady();
    assertProblem(get("/api/v1/pools/no-such-pool"), 404);
    assertProblem(get("/api/v1/allocations?pool=no-such-pool"), 404);
    assertProblem(get("/api/v1/allocations?namespace=Not_A_Namespace"), 400);
    assertProblem(get("/api/v1/pools/bad%20name!"), 400);
    assertProblem(get("/api/v1/no-such-resource"), 404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/pools"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertProblem(post, 405);
  }

  /** The problems above need a ready controller (before that every answer is 503). */
  private void awaitReady() throws InterruptedException {
    await("/api/v1/pools answering 200", () -> {
      try {
        return get("/api/v1/pools").statusCode() == 200 ? Boolean.TRUE : null;
      } catch (Exception e) {
        return null;
      }
    });
  }

  @Test
  void openApiDescribesTheEndpoints() throws Exception {
    HttpResponse<String> doc = get("/openapi");
    assertEquals(200, doc.statusCode(), doc.body());
    for (String path : List.of("/api/v1/pools:", "/api/v1/pools/{name}:", "/api/v1/allocations:")) {
      assertTrue(doc.body().contains(path), path + " in\n" + doc.body());
    }
    assertTrue(doc.body().contains("application/problem+json"), doc.body());
  }
}
