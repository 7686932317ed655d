package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link ApiServer#observe}: the in-process observer a bench uses instead of an HTTP watch. */
class ObserveTest {
    private ApiServer server;
    private ResourceType services;
    private ResourceType configMaps;

    @BeforeEach
    void start() throws Exception {
        server = ApiServer.start(ApiServer.Options.defaults().withPort(0));
        services = server.resourceTypes().require("", "v1", "services");
        configMaps = server.resourceTypes().require("", "v1", "configmaps");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void create(ResourceType t, String name) {
        ObjectNode o = Json.object();
        Json.meta(o).put("name", name);
        if (t == services) {
            o.putObject("spec").put("type", "LoadBalancer").putArray("ports").addObject().put("port", 80);
        }
        server.operations().create(t, "default", o, false);
    }

    @Test
    void seesEveryChangeOfItsKindInOrderFromNowOnUntilClosed() throws Exception {
        create(services, "before");
        List<String> seen = new CopyOnWriteArrayList<>();
        AutoCloseable handle = server.observe("services", e -> seen.add(e.type() + " "
                + e.object().path("metadata").path("name").asText() + " "
                + e.object().path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText("-")));
        create(services, "a");
        create(configMaps, "not-a-service");
        server.operations().patch(services, "default", "a", "application/merge-patch+json",
                "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.5\"}]}}}".getBytes(StandardCharsets.UTF_8),
                true, false);
        server.operations().delete(services, "default", "before", null, false);
        assertEquals(List.of("ADDED a -", "MODIFIED a 192.0.2.5", "DELETED before -"), seen);
        handle.close();
        create(services, "after-close");
        assertEquals(3, seen.size());
        assertEquals(0, server.openWatches());
    }

    @Test
    void anObserverThatThrowsIsDroppedAndTheChangeStands() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable handle = server.observe("services", e -> {
            seen.add(e.object().path("metadata").path("name").asText());
            throw new IllegalStateException("observer broke");
        })) {
            create(services, "a");
            create(services, "b");
            assertEquals(List.of("a"), seen);
            assertEquals("b", server.operations().get(services, "default", "b").path("metadata").path("name").asText());
        }
    }
}
