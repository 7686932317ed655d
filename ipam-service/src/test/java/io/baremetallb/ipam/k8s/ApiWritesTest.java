package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: the path, the credentials the client holds, the content type, the body. */
class ApiWritesTest {
  private record Seen(String method, String rawPath, String auth, String contentType, String userAgent, String body) {
  }

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile int answer = 200;
  private HttpServer server;
  private ApiClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
          ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
          ex.getRequestHeaders().getFirst("User-Agent"), new String(body, StandardCharsets.UTF_8)));
      byte[] out = answer == 200 ? "{\"kind\":\"Service\"}".getBytes(StandardCharsets.UTF_8)
          : "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(answer, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    client = new ApiClient().setBasePath("http://127.0.0.1:" + server.getAddress().getPort() + "/prefix");
    client.setApiKeyPrefix("Bearer");
    client.setApiKey("t0ken");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aPatchCarriesTheTokenTheTypeAndTheBodyToTheEscapedPath() throws Exception {
    ApiWrites writes = new ApiWrites(client);
    writes.mergePatch(writes.corePath("demo", "services", "web", "status"), "{\"status\":{}}");
    writes.post(writes.corePath("demo", "events", null, null), "{\"reason\":\"IPAllocated\"}");
    writes.mergePatch(writes.corePath("d/e", "services", "a b?", null), "{}");

    assertEquals(new Seen("PATCH", "/prefix/api/v1/namespaces/demo/services/web/status", "Bearer t0ken",
        ApiWrites.MERGE_PATCH, seen.get(0).userAgent(), "{\"status\":{}}"), seen.get(0));
    assertTrue(seen.get(0).userAgent().startsWith("Kubernetes Java Client"), seen.get(0).userAgent());
    assertEquals("POST", seen.get(1).method());
    assertEquals("/prefix/api/v1/namespaces/demo/events", seen.get(1).rawPath());
    assertEquals("application/json", seen.get(1).contentType());
    assertEquals("Bearer t0ken", seen.get(1).auth());
    assertEquals("/prefix/api/v1/namespaces/d%2Fe/services/a%20b%3F", seen.get(2).rawPath());
  }

  @Test
  void aRefusalIsAnApiExceptionWithTheServersCodeAndBody() {
    answer = 409;
    ApiWrites writes = new ApiWrites(client);
    ApiException e = assertThrows(ApiException.class,
        () -> writes.mergePatch(writes.corePath("demo", "services", "web", null), "{}"));
    assertEquals(409, e.getCode());
    assertTrue(e.getResponseBody().contains("Conflict"), e.getResponseBody());
  }

  @Test
  void aBasePathThatIsNotAUrlIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ApiWrites(new ApiClient().setBasePath("localhost:6443")));
    assertTrue(e.getMessage().contains("localhost:6443"), e.getMessage());
  }
}
