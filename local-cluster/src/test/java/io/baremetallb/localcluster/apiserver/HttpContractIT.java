package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire as any client sees it: Status errors, the watch stream's lines, discovery, Tables, reviews. */
class HttpContractIT {
    private static ApiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException, URISyntaxException {
        Path tokens = Path.of(HttpContractIT.class.getResource("/apiserver/tokens.yaml").toURI());
        server = ApiServer.start(ApiServer.Options.defaults().withTokenFile(tokens)
                .withBookmarkInterval(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int code, JsonNode body) {
    }

    static Reply call(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType);
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), Json.parse(r.body()));
    }

    static Reply call(String method, String path, String body) throws Exception {
        return call(method, path, body, "application/json");
    }

    @Test
    void errorsAreStatusObjectsNeverStackTraces() throws Exception {
        Reply unknown = call("GET", "/api/v1/widgets", null);
        assertEquals(404, unknown.code());
        assertEquals("Status", unknown.body().path("kind").asText());
        assertEquals("NotFound", unknown.body().path("reason").asText());
        Reply wrongMethod = call("PUT", "/api/v1/namespaces/default/configmaps", "{}");
        assertEquals(405, wrongMethod.code());
        assertEquals("MethodNotAllowed", wrongMethod.body().path("reason").asText());
        Reply garbage = call("POST", "/api/v1/namespaces/default/configmaps", "{not json");
        assertEquals(400, garbage.code());
        assertEquals(400, call("GET", "/api/v1/configmaps?labelSelector=app%20in%20myapp", null).code());
        assertEquals(404, call("GET", "/api/v1/namespaces/default/configmaps/absent", null).body().path("code").asInt());
        Reply invalid = call("POST", "/api/v1/namespaces/default/services",
                "{\"metadata\":{\"name\":\"noports\"},\"spec\":{\"type\":\"ClusterIP\"}}");
        assertEquals(422, invalid.code());
        assertTrue(invalid.body().path("message").asText().contains("spec.ports: Required value"));
    }

    @Test
    void discoveryListsBuiltInGroupsAndResources() throws Exception {
        assertEquals("1", call("GET", "/version", null).body().path("major").asText());
        assertEquals("v1", call("GET", "/api", null).body().path("versions").get(0).asText());
        List<String> groups = new ArrayList<>();
        call("GET", "/apis", null).body().path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertTrue(groups.containsAll(List.of("events.k8s.io", "discovery.k8s.io", "coordination.k8s.io",
                "apiextensions.k8s.io", "authentication.k8s.io", "authorization.k8s.io")), groups.toString());
        List<String> core = new ArrayList<>();
        call("GET", "/api/v1", null).body().path("resources").forEach(r -> core.add(r.path("name").asText()));
        assertTrue(core.containsAll(List.of("services", "services/status", "endpoints", "configmaps", "secrets",
                "nodes", "nodes/status", "pods", "pods/status", "events", "namespaces")), core.toString());
    }

    @Test
    void watchStreamsJsonLinesAndEndsAfterTimeoutSeconds() throws Exception {
        long from = server.resourceVersion();
        call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"w1\"}}");
        call("PATCH", "/api/v1/namespaces/default/configmaps/w1", "{\"data\":{\"k\":\"v\"}}",
                "application/merge-patch+json");
        call("DELETE", "/api/v1/namespaces/default/configmaps/w1", null);
        List<JsonNode> lines = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                + from);
        assertEquals(List.of("ADDED", "MODIFIED", "DELETED"), lines.stream().map(l -> l.path("type").asText()).toList());
        assertEquals("v", lines.get(1).path("object").path("data").path("k").asText());
        assertEquals("ConfigMap", lines.get(0).path("object").path("kind").asText());
    }

    @Test
    void writeAnswersAreTheObjectsTheWatchSeesAndADryRunAnswersForItself() throws Exception {
        long from = server.resourceVersion();
        Reply made = call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"enc\"},"
                + "\"data\":{\"k\":\"one\"}}");
        Reply patched = call("PATCH", "/api/v1/namespaces/default/configmaps/enc", "{\"data\":{\"k\":\"two\"}}",
                "application/merge-patch+json");
        Reply dry = call("PATCH", "/api/v1/namespaces/default/configmaps/enc?dryRun=All",
                "{\"data\":{\"k\":\"dry\"}}", "application/merge-patch+json");
        Reply read = call("GET", "/api/v1/namespaces/default/configmaps/enc", null);
        Reply same = call("PUT", "/api/v1/namespaces/default/configmaps/enc", read.body().toString());
        List<JsonNode> lines = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                + from);
        assertEquals(List.of("ADDED", "MODIFIED"), lines.stream().map(l -> l.path("type").asText()).toList());
        assertEquals(201, made.code());
        assertEquals(lines.get(0).path("object"), made.body());
        assertEquals(lines.get(1).path("object"), patched.body());
        assertEquals("dry", dry.body().path("data").path("k").asText(), "a dry run answers with what it would store");
        assertEquals(lines.get(1).path("object"), read.body(), "the stored object is unchanged by the dry run");
        assertEquals(lines.get(1).path("object"), same.body(), "an update that changes nothing answers the stored object");
        assertEquals("ConfigMap", read.body().path("kind").asText());
    }

    @Test
    void quietWatchGetsBookmarksWhenItAllowsThem() throws Exception {
        List<JsonNode> lines = watch("/api/v1/namespaces/default/secrets?watch=1&timeoutSeconds=1"
                + "&allowWatchBookmarks=true&resourceVersion=" + server.resourceVersion());
        assertTrue(lines.size() >= 1, "a bookmark every 200 ms within the 1 s watch");
        assertEquals("BOOKMARK", lines.get(0).path("type").asText());
        assertEquals("Secret", lines.get(0).path("object").path("kind").asText());
    }

    @Test
    void watchFromACompactedResourceVersionIsOneErrorEventCarrying410() throws Exception {
        call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"old\"}}");
        long old = server.resourceVersion() - 1;
        server.compact();
        List<JsonNode> lines = watch("/api/v1/configmaps?watch=true&resourceVersion=" + old);
        assertEquals(1, lines.size());
        assertEquals("ERROR", lines.get(0).path("type").asText());
        assertEquals(410, lines.get(0).path("object").path("code").asInt());
        assertEquals("Expired", lines.get(0).path("object").path("reason").asText());
    }

    @Test
    void tokenReviewAndSubjectAccessReviewAnswerFromTheTokenFile() throws Exception {
        JsonNode tr = call("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"operator-token\"}}")
                .body().path("status");
        assertTrue(tr.path("authenticated").asBoolean());
        assertEquals("alice", tr.path("user").path("username").asText());
        assertEquals("baremetal-lb:operators", tr.path("user").path("groups").get(0).asText());
        assertEquals(false, call("POST", "/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"spec\":{\"token\":\"nope\"}}").body().path("status").path("authenticated").asBoolean());

        assertTrue(sar("alice", "list", "", "services", "").path("allowed").asBoolean());
        assertTrue(sar("alice", "patch", "", "services", "status").path("allowed").asBoolean());
        JsonNode denied = sar("alice", "delete", "", "services", "");
        assertEquals(false, denied.path("allowed").asBoolean());
        assertTrue(denied.path("reason").asText().contains("delete on services"), denied.toString());
        assertEquals(false, sar("mallory", "get", "", "services", "").path("allowed").asBoolean());
    }

    private static JsonNode sar(String user, String verb, String group, String resource, String sub) throws Exception {
        return call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                "{\"spec\":{\"user\":\"" + user + "\",\"resourceAttributes\":{\"verb\":\"" + verb + "\",\"group\":\""
                        + group + "\",\"resource\":\"" + resource + "\",\"subresource\":\"" + sub + "\"}}}")
                .body().path("status");
    }

    @Test
    void eventsK8sIoEventsAreTheCoreEventsSeenDifferently() throws Exception {
        Reply made = call("POST", "/apis/events.k8s.io/v1/namespaces/default/events",
                "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"ev1\"},"
                        + "\"eventTime\":\"2026-01-01T00:00:00.000000Z\",\"reason\":\"IPAllocated\",\"type\":\"Normal\","
                        + "\"action\":\"Allocate\",\"note\":\"Assigned IP\",\"reportingController\":\"baremetal-lb/ipam\","
                        + "\"reportingInstance\":\"ipam-0\",\"regarding\":{\"kind\":\"Service\",\"name\":\"myapp-svc\"}}");
        assertEquals(201, made.code(), made.body().toString());
        assertEquals("Assigned IP", made.body().path("note").asText());
        JsonNode core = call("GET", "/api/v1/namespaces/default/events/ev1", null).body();
        assertEquals("v1", core.path("apiVersion").asText());
        assertEquals("myapp-svc", core.path("involvedObject").path("name").asText());
        assertEquals("Assigned IP", core.path("message").asText());
        assertEquals("baremetal-lb/ipam", core.path("reportingComponent").asText());
        JsonNode viaGroup = call("GET", "/apis/events.k8s.io/v1/namespaces/default/events"
                + "?fieldSelector=regarding.name%3Dmyapp-svc", null).body();
        assertEquals(1, viaGroup.path("items").size());
        assertEquals("Service", viaGroup.path("items").get(0).path("regarding").path("kind").asText());
        assertEquals(1, call("GET", "/api/v1/events?fieldSelector=involvedObject.name%3Dmyapp-svc", null)
                .body().path("items").size());
    }

    @Test
    void kubectlGetGetsAServerSideTable() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/namespaces/default/services"))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build();
        JsonNode table = Json.parse(HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray()).body());
        assertEquals("Table", table.path("kind").asText());
        assertEquals("Cluster-IP", table.path("columnDefinitions").get(2).path("name").asText());
        JsonNode row = table.path("rows").get(0).path("cells");
        assertEquals("kubernetes", row.get(0).asText());
        assertEquals("10.96.0.1", row.get(2).asText());
        assertEquals("443/TCP", row.get(4).asText());
    }

    private static List<JsonNode> watch(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build();
        HttpResponse<InputStream> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resp.statusCode());
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.add(Json.parse(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /**
     * Watch events are written by the thread that made the change: one whose client stopped reading must not
     * hold that thread (and the client waiting for its answer) for ever. The watch ends once a write to it has
     * not finished for {@link WatchStream#STALLED_NANOS}, as kube-apiserver closes watchers that do not keep up.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aWatcherThatStopsReadingIsClosedInsteadOfHoldingTheWritersBack() throws Exception {
        assertEquals(201, call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"stalled\"}}").code());
        URI base = URI.create(server.baseUrl());
        int before = server.openWatches();
        try (java.net.Socket watcher = new java.net.Socket()) {
            watcher.setReceiveBufferSize(4096);
            watcher.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            watcher.getOutputStream().write(("GET /api/v1/namespaces/stalled/configmaps?watch=true HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            watcher.getOutputStream().flush();
            while (server.openWatches() == before) {
                Thread.sleep(10);
            }
            String big = "x".repeat(256 * 1024);
            for (int i = 0; i < 40; i++) { // 10 MiB of events, far beyond what the two sockets buffer
                assertEquals(201, call("POST", "/api/v1/namespaces/stalled/configmaps",
                        "{\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"k\":\"" + big + "\"}}").code());
            }
            // the server closed the watch: what it had sent reads out, then the stream ends
            watcher.setSoTimeout(60_000);
            InputStream in = watcher.getInputStream();
            byte[] buf = new byte[1 << 16];
            try {
                while (in.read(buf) >= 0) {
                    // drain
                }
            } catch (java.net.SocketException reset) {
                // ended by a reset instead of a FIN: closed all the same
            }
        }
        while (server.openWatches() != before) {
            Thread.sleep(10);
        }
        assertEquals(201, call("POST", "/api/v1/namespaces/stalled/configmaps",
                "{\"metadata\":{\"name\":\"after\"}}").code(), "the server serves on");
    }
}
