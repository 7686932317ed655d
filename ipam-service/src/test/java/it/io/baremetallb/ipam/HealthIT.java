package it.io.baremetallb.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The WAR starts on Liberty and answers the MicroProfile Health and Metrics endpoints. */
class HealthIT {
  private static final String BASE = "http://localhost:" + System.getProperty("http.port");
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void livenessAnswersUp() throws Exception {
    HttpResponse<String> r = get("/health/live");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    // the application's own check is there, so the application itself started
    assertTrue(r.body().contains("\"name\":\"ipam-workers\""), r.body());
  }

  @Test
  void bmlbLogLevelSetsHowMuchOurCodeLogs() throws Exception {
    // the build starts this server with BMLB_LOG_LEVEL=debug (pom.xml); Liberty logs the trace state it applied
    Path log = Path.of("target/liberty/wlp/usr/servers/ipam/logs/messages.log");
    String state = Files.readAllLines(log).stream().filter(l -> l.contains("TRAS0018I")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no trace state line in " + log));
    assertTrue(state.endsWith("The new trace state is *=info:io.baremetallb.*=debug."), state);
  }

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("# TYPE"), "no Prometheus exposition in: " + r.body());
  }
}
