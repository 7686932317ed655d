package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Status writes and updates store new objects that share what they keep of the old one: every earlier version
 * (as a watch replays it) stays as it was stored, a status write keeps the spec and the fields' order, and a
 * write that changes nothing stores nothing.
 */
class StatusUpdateContractIT {
    private static final String MERGE = Patches.MERGE_PATCH;

    @Test
    void earlierVersionsStayAsStoredWhileStatusAndSpecChange() throws Exception {
        try (ApiServer server = ApiServer.start(ApiServer.Options.defaults())) {
            ApiOperations ops = server.operations();
            ResourceType services = server.resourceTypes().require("", "v1", "services");
            ObjectNode svc = Json.object();
            Json.meta(svc).put("name", "web");
            ObjectNode spec = svc.putObject("spec");
            spec.put("type", "LoadBalancer");
            spec.putArray("ports").addObject().put("port", 80).put("protocol", "TCP");
            ObjectNode created = ops.create(services, "default", svc, false);
            String createdRv = Json.text(created.path("metadata"), "resourceVersion");
            List<String> fieldOrder = fieldNames(created);

            ObjectNode first = ops.patch(services, "default", "web", MERGE, bytes("{\"metadata\":{\"annotations\":"
                    + "{\"metallb.io/ip-allocated-from-pool\":\"a\"}},\"spec\":{\"type\":\"ClusterIP\"},"
                    + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.1\"}]}}}"), true, false);
            assertEquals("LoadBalancer", first.path("spec").path("type").asText(), "a status write keeps the spec");
            assertEquals("a", first.path("metadata").path("annotations").path("metallb.io/ip-allocated-from-pool")
                    .asText(), "a core kind's /status stores metadata too");
            assertEquals(fieldOrder, fieldNames(first));
            first.with("spec").put("type", "NodePort"); // an answer is the caller's own copy

            ObjectNode resized = ops.patch(services, "default", "web", MERGE,
                    bytes("{\"spec\":{\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}}"), false, false);
            assertEquals("192.0.2.1", resized.path("status").path("loadBalancer").path("ingress").path(0).path("ip")
                    .asText(), "a spec write keeps the status");
            ObjectNode second = ops.patch(services, "default", "web", MERGE, bytes(
                    "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.2\"}]}}}"), true, false);
            String lastRv = Json.text(second.path("metadata"), "resourceVersion");
            ObjectNode again = ops.patch(services, "default", "web", MERGE, bytes(
                    "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.2\"}]}}}"), true, false);
            assertEquals(lastRv, Json.text(again.path("metadata"), "resourceVersion"), "no change, nothing stored");

            List<JsonNode> events = replay(server, Long.parseLong(createdRv) - 1);
            assertEquals(4, events.size(), events.toString());
            assertEquals("ADDED", events.get(0).path("type").asText());
            JsonNode v1 = events.get(0).path("object");
            assertTrue(v1.path("status").path("loadBalancer").path("ingress").isMissingNode(), v1.toString());
            assertFalse(v1.path("metadata").path("annotations").has("metallb.io/ip-allocated-from-pool"));
            assertEquals("LoadBalancer", v1.path("spec").path("type").asText());
            JsonNode v2 = events.get(1).path("object");
            assertEquals(80, v2.path("spec").path("ports").path(0).path("port").asInt());
            assertEquals("LoadBalancer", v2.path("spec").path("type").asText());
            assertEquals("192.0.2.1", v2.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText());
            JsonNode v3 = events.get(2).path("object");
            assertEquals(8080, v3.path("spec").path("ports").path(0).path("port").asInt());
            assertEquals("192.0.2.1", v3.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText());
            JsonNode v4 = events.get(3).path("object");
            assertEquals(8080, v4.path("spec").path("ports").path(0).path("port").asInt());
            assertEquals("192.0.2.2", v4.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText());
            assertEquals(8080, ops.get(services, "default", "web").path("spec").path("ports").path(0).path("port")
                    .asInt());
        }
    }

    /** The watch events after {@code afterRv}, read until the watch's one-second timeout ends it. */
    private static List<JsonNode> replay(ApiServer server, long afterRv) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/api/v1/namespaces/default/services?watch=true&timeoutSeconds=1&resourceVersion=" + afterRv))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                events.add(Json.MAPPER.readTree(line));
            }
        }
        return events;
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
