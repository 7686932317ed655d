package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reservations API on Liberty against the embedded API server, whose token file
 * (src/test/resources/it-tokens.yaml) has a reader and an admin. Installs the IPReservation CRD
 * (the controller notices it by discovery), uses the document's pool and deletes every reservation
 * it made, so the ITs after it see the pool as before.
 */
class ReservationApiIT {
  private static final String PATH = "/api/v1/reservations";
  private static final String READER = "it-reader-token";
  private static final String ADMIN = "it-admin-token";
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> made = new ArrayList<>();

  @BeforeAll
  static void cluster() throws Exception {
    ApiClient c = ItCluster.connect();
    ItCluster.documentPool(new CoreV1Api(c));
    Path crd = Path.of(System.getProperty("user.dir"), "..", "helm", "baremetal-lb", "crds",
        "baremetallb.io_ipreservations.yaml");
    String json = new com.google.gson.Gson().toJson((Object) new org.yaml.snakeyaml.Yaml().load(Files.readString(crd)));
    ItCluster.createIfAbsent(() -> new ApiextensionsV1Api(c).createCustomResourceDefinition(
        c.getJSON().deserialize(json, V1CustomResourceDefinition.class)).execute());
    HttpClient h = HttpClient.newHttpClient();
    ItCluster.await("the reservations API answering 200 (the controller discovers the CRD)", () -> {
      try {
        return send(h, "GET", PATH, ADMIN, null).statusCode() == 200 ? Boolean.TRUE : null;
      } catch (Exception e) {
        return null;
      }
    });
  }

  @AfterEach
  void deleteWhatWeMade() throws Exception {
    for (String name : made) {
      send(http, "DELETE", PATH + "/" + name, ADMIN, null);
    }
    ItCluster.await("the pool with no reservation left", () -> {
      try {
        return pool().get("reserved").getAsInt() == 0 ? Boolean.TRUE : null;
      } catch (Exception e) {
        return null;
      }
    });
  }

  private static HttpResponse<String> send(HttpClient h, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ItCluster.BASE + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return h.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    return send(http, method, path, token, body);
  }

  private JsonObject pool() throws Exception {
    HttpResponse<String> r = call("GET", "/api/v1/pools/my-ip-space", null, null);
    assertEquals(200, r.statusCode(), r.body());
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  /** POSTs as admin and remembers the name for the clean-up. */
  private HttpResponse<String> reserve(String name, String fields) throws Exception {
    made.add(name);
    return call("POST", PATH, ADMIN, "{\"name\":\"" + name + "\",\"pool\":\"my-ip-space\",\"owner\":\"it\","
        + "\"description\":\"ReservationApiIT\"" + fields + "}");
  }

  private List<String> names() throws Exception {
    HttpResponse<String> r = call("GET", PATH, READER, null);
    assertEquals(200, r.statusCode(), r.body());
    List<String> out = new ArrayList<>();
    for (JsonElement e : JsonParser.parseString(r.body()).getAsJsonArray()) {
      out.add(e.getAsJsonObject().get("name").getAsString());
    }
    return out;
  }

  @Test
  void withoutAnAcceptedTokenEveryCallIs401WithABearerChallenge() throws Exception {
    for (String method : List.of("GET", "POST", "DELETE")) {
      String path = method.equals("DELETE") ? PATH + "/x" : PATH;
      HttpResponse<String> none = call(method, path, null, method.equals("POST") ? "{}" : null);
      ItCluster.assertProblem(none, 401);
      assertEquals("Bearer realm=\"baremetal-lb\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
      HttpResponse<String> forged = call(method, path, "forged", method.equals("POST") ? "{}" : null);
      assertTrue(ItCluster.assertProblem(forged, 401).get("detail").getAsString().contains("invalid bearer token"), forged.body());
      assertTrue(forged.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }
  }

  @Test
  void aReaderMayListButNotCreateOrDelete() throws Exception {
    assertEquals(200, call("GET", PATH, READER, null).statusCode());
    HttpResponse<String> post = call("POST", PATH, READER, "{\"pool\":\"my-ip-space\",\"owner\":\"o\",\"description\":\"d\"}");
    assertTrue(ItCluster.assertProblem(post, 403).get("detail").getAsString().startsWith(
        "user \"it-reader\" may not create ipreservations.baremetallb.io in namespace metallb-system"), post.body());
    ItCluster.assertProblem(call("DELETE", PATH + "/anything", READER, null), 403);
    assertEquals(List.of(), names(), "the refused create made nothing");
  }

  @Test
  void reserveTwoListShowDeleteAndThePoolCountsFollow() throws Exception {
    int freeBefore = pool().get("free").getAsInt();
    HttpResponse<String> r = reserve("it-two", ",\"count\":2,\"expiresAt\":\"2099-01-01T00:00:00Z\"");
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElse("").endsWith(PATH + "/it-two"), r.headers().toString());
    JsonObject v = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals("Bound", v.get("phase").getAsString(), r.body());
    JsonArray ips = v.get("addresses").getAsJsonArray();
    assertEquals(2, ips.size(), r.body());
    ips.forEach(ip -> assertTrue(ip.getAsString().matches("192\\.0\\.2\\.[5-9]"), r.body()));
    assertEquals("it", v.get("owner").getAsString());
    assertEquals(2, pool().get("reserved").getAsInt());
    assertEquals(freeBefore - 2, pool().get("free").getAsInt());

    assertEquals(List.of("it-two"), names());
    HttpResponse<String> one = call("GET", PATH + "/it-two", READER, null);
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(ips, JsonParser.parseString(one.body()).getAsJsonObject().get("addresses"));

    HttpResponse<String> del = call("DELETE", PATH + "/it-two", ADMIN, null);
    assertEquals(204, del.statusCode(), del.body());
    ItCluster.await("it-two gone", () -> {
      try {
        return call("GET", PATH + "/it-two", READER, null).statusCode() == 404 ? Boolean.TRUE : null;
      } catch (Exception e) {
        return null;
      }
    });
    ItCluster.assertProblem(call("DELETE", PATH + "/it-two", ADMIN, null), 404);
  }

  @Test
  void badInputIs400UnknownPool404TakenAddressAndTooManyAre409AndLeaveNothingBehind() throws Exception {
    JsonObject bad = ItCluster.assertProblem(call("POST", PATH, ADMIN, "{\"pool\":"), 400);
    assertTrue(bad.get("detail").getAsString().startsWith("the body is not valid JSON"), bad.toString());
    assertTrue(ItCluster.assertProblem(call("POST", PATH, ADMIN, "{\"pool\":\"my-ip-space\",\"count\":\"two\",\"owner\":\"o\","
        + "\"description\":\"d\"}"), 400).get("detail").getAsString().startsWith("count:"));
    JsonObject noPool = ItCluster.assertProblem(call("POST", PATH, ADMIN, "{\"pool\":\"no-such-pool\",\"owner\":\"o\","
        + "\"description\":\"d\"}"), 404);
    assertEquals("pool: no pool named \"no-such-pool\" in the configuration in force", noPool.get("detail").getAsString());

    HttpResponse<String> first = reserve("it-one", "");
    assertEquals(201, first.statusCode(), first.body());
    String ip = JsonParser.parseString(first.body()).getAsJsonObject().get("addresses").getAsJsonArray().get(0)
        .getAsString();
    JsonObject taken = ItCluster.assertProblem(reserve("it-same", ",\"address\":\"" + ip + "\""), 409);
    assertEquals("address: " + ip + " is already reserved as \"it-one\"", taken.get("detail").getAsString());
    ItCluster.assertProblem(reserve("it-one", ",\"count\":1"), 409);

    int free = pool().get("free").getAsInt();
    JsonObject tooMany = ItCluster.assertProblem(reserve("it-many", ",\"count\":" + (free + 1)), 409);
    assertEquals("count: pool \"my-ip-space\" has " + free + " free address" + (free == 1 ? "" : "es") + ", "
        + (free + 1) + " asked for", tooMany.get("detail").getAsString());
    JsonObject outside = ItCluster.assertProblem(reserve("it-outside", ",\"address\":\"198.51.100.1\""), 400);
    assertTrue(outside.get("detail").getAsString().startsWith("address: 198.51.100.1 is not one of pool"), outside.toString());
    assertEquals(List.of("it-one"), names(), "refused requests leave no IPReservation behind");
  }
}
