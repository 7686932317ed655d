package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API on Liberty, against the embedded API server: the document's pool and a Service
 * with a sharing key, seen through /api/v1/pools and /api/v1/allocations; errors as problem+json;
 * /openapi describes the paths. It shares the server with AllocationIT: it creates the namespace
 * and ConfigMap only if they are not there yet, and uses a namespace of its own for its Service.
 */
class RestApiIT {
  private static final String NS = "it-rest";
  private static CoreV1Api api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void cluster() throws Exception {
    api = new CoreV1Api(ItCluster.connect());
    ItCluster.documentPool(api, NS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(ItCluster.BASE + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonArray awaitAllocations() throws InterruptedException {
    return ItCluster.await("rest-svc in /api/v1/allocations", () -> {
      try {
        HttpResponse<String> r = get("/api/v1/allocations?namespace=" + NS);
        JsonArray a = r.statusCode() == 200 ? JsonParser.parseString(r.body()).getAsJsonArray() : null;
        return a != null && a.size() == 1 ? a : null;
      } catch (Exception e) {
        return null;
      }
    });
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
    ItCluster.assertProblem(get("/api/v1/pools/no-such-pool"), 404);
    ItCluster.assertProblem(get("/api/v1/allocations?pool=no-such-pool"), 404);
    ItCluster.assertProblem(get("/api/v1/allocations?namespace=Not_A_Namespace"), 400);
    ItCluster.assertProblem(get("/api/v1/pools/bad%20name!"), 400);
    ItCluster.assertProblem(get("/api/v1/no-such-resource"), 404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(ItCluster.BASE + "/api/v1/pools"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    ItCluster.assertProblem(post, 405);
  }

  /** The problems above need a ready controller (before that every answer is 503). */
  private void awaitReady() throws InterruptedException {
    ItCluster.await("/api/v1/pools answering 200", () -> {
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
    for (String path : List.of("/api/v1/pools:", "/api/v1/pools/{name}:", "/api/v1/allocations:",
        "/api/v1/reservations:", "/api/v1/reservations/{name}:")) {
      assertTrue(doc.body().contains(path), path + " in\n" + doc.body());
    }
    assertTrue(doc.body().contains("scheme: bearer"), "the bearer security scheme in\n" + doc.body());
    assertTrue(doc.body().contains("application/problem+json"), doc.body());
  }
}
