package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the Liberty ITs share: the embedded API server the pom starts, the document's pool in the
 * legacy ConfigMap (created by whichever IT runs first), waiting, and problem-document checks.
 */
final class ItCluster {
  static final String BASE = "http://localhost:" + System.getProperty("http.port");

  private ItCluster() {
  }

  interface Create {
    Object run() throws ApiException;
  }

  /** A client of the embedded API server, once it answers. */
  static ApiClient connect() throws Exception {
    Path kubeconfig = Path.of(System.getProperty("it.kubeconfig"));
    await("the embedded API server's kubeconfig", () -> Files.isReadable(kubeconfig) ? kubeconfig : null);
    ApiClient c = Config.fromConfig(kubeconfig.toString());
    CoreV1Api api = new CoreV1Api(c);
    await("the embedded API server", () -> {
      try {
        return api.listNamespace().execute();
      } catch (ApiException e) {
        return null;
      }
    });
    return c;
  }

  /** metallb-system with the document's pool (192.0.2.5-192.0.2.9), and {@code namespaces}, unless they exist. */
  static void documentPool(CoreV1Api api, String... namespaces) throws ApiException {
    for (String ns : List.of(namespaces)) {
      createIfAbsent(() -> api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute());
    }
    createIfAbsent(() -> api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("metallb-system")))
        .execute());
    createIfAbsent(() -> api.createNamespacedConfigMap("metallb-system", new V1ConfigMap()
        .metadata(new V1ObjectMeta().namespace("metallb-system").name("config"))
        .data(Map.of("config", "address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n"
            + "  - 192.0.2.5-192.0.2.9\n"))).execute());
  }

  static void createIfAbsent(Create c) throws ApiException {
    try {
      c.run();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
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

  /** An RFC 9457 problem document with {@code status}; returns it. */
  static JsonObject assertProblem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
    JsonObject p = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals(status, p.get("status").getAsInt(), r.body());
    assertEquals(true, p.has("type") && p.has("title") && !p.get("detail").getAsString().isBlank(), r.body());
    return p;
  }
}
