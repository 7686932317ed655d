package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WatchHubTest {
    private final WatchHub hub = new WatchHub(3, 0);
    private final ObjectStore store = new ObjectStore(hub, 0, FilePersistence.NONE);

    private static ObjectNode svc(String name, String app) {
        ObjectNode o = Json.object();
        Json.meta(o).put("name", name).put("namespace", "default").putObject("labels").put("app", app);
        return o;
    }

    private static WatchFilter all() {
        return new WatchFilter("services", null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);
    }

    private static List<String> drain(WatchHub.Subscription s) {
        List<String> out = new ArrayList<>();
        WatchEvent e;
        while ((e = s.queue().poll()) != null) {
            out.add(e.type() + " " + e.object().path("metadata").path("name").asText() + "@" + e.resourceVersion());
        }
        return out;
    }

    @Test
    void everyChangeGetsTheNextGlobalResourceVersion() {
        store.put("services", svc("a", "x"));
        store.put("configmaps", svc("b", "x"));
        store.put("services", svc("a", "y"));
        assertEquals(3, store.resourceVersion());
        assertEquals("3", store.get("services", "default", "a").path("metadata").path("resourceVersion").asText());
        assertEquals("4", store.remove("services", "default", "a").path("metadata").path("resourceVersion").asText());
    }

    @Test
    void resumedWatchReplaysOnlyEventsAfterItsResourceVersion() {
        store.put("services", svc("a", "x"));
        store.put("services", svc("b", "x"));
        WatchHub.Subscription s = store.watchFrom(all(), 1);
        store.remove("services", "default", "a");
        assertEquals(List.of("ADDED b@2", "DELETED a@3"), drain(s));
    }

    @Test
    void resourceVersionOlderThanTheWindowIsGone() {
        for (int i = 0; i < 5; i++) {
            store.put("services", svc("s" + i, "x"));
        }
        ApiException e = assertThrows(ApiException.class, () -> store.watchFrom(all(), 1));
        assertEquals(410, e.code());
        assertEquals("too old resource version: 1 (2)", e.getMessage());
        assertEquals(List.of("ADDED s4@5"), drain(store.watchFrom(all(), 4)));
    }

    @Test
    void compactionMakesEveryEarlierResourceVersionGone() {
        store.put("services", svc("a", "x"));
        store.compact();
        assertEquals(410, assertThrows(ApiException.class, () -> store.watchFrom(all(), 0)).code());
        assertEquals(List.of(), drain(store.watchFrom(all(), 1)));
    }

    @Test
    void updatesMovingAnObjectAcrossTheSelectorAreAddedOrDeleted() {
        WatchFilter web = new WatchFilter("services", "default", LabelSelector.parse("app=web"),
                FieldSelector.EVERYTHING);
        WatchHub.Subscription s = store.watchNow(web).subscription();
        store.put("services", svc("a", "db"));
        store.put("services", svc("a", "web"));
        store.put("services", svc("a", "web"));
        store.put("services", svc("a", "db"));
        assertEquals(List.of("ADDED a@2", "MODIFIED a@3", "DELETED a@4"), drain(s));
    }

    @Test
    void everyWatchOfAnEventSharesOneEncodingPerResourceType() {
        WatchHub.Subscription everything = store.watchNow(all()).subscription();
        WatchHub.Subscription web = store.watchNow(new WatchFilter("services", "default", LabelSelector.parse("app=web"),
                FieldSelector.EVERYTHING)).subscription();
        store.put("services", svc("a", "web"));
        WatchEvent one = everything.queue().poll();
        WatchEvent other = web.queue().poll();
        assertEquals(WatchEvent.ADDED, one.type());
        assertEquals(WatchEvent.ADDED, other.type());
        assertSame(one.encoded(), other.encoded());

        ResourceType v1 = ResourceType.core("services", "Service", true, true);
        ResourceType v2 = new ResourceType("example.com", "v2", "services", "service", "Service", true, true, true,
                List.of(), false);
        AtomicInteger encodings = new AtomicInteger();
        java.util.function.Function<ObjectNode, byte[]> encode = o -> {
            encodings.incrementAndGet();
            return Json.bytes(o);
        };
        byte[] first = one.encoded().as(v1, one.object(), encode);
        assertSame(first, other.encoded().as(v1, other.object(), encode));
        assertEquals(1, encodings.get(), "encoded once for both watches");
        other.encoded().as(v2, other.object(), encode);
        assertEquals(2, encodings.get(), "another resource type encodes again");

        store.put("services", svc("a", "db"));
        assertEquals(WatchEvent.MODIFIED, everything.queue().poll().type());
        WatchEvent left = web.queue().poll();
        assertEquals(WatchEvent.DELETED, left.type(), "leaving the selector is a DELETED for that watch");
        left.encoded().as(v1, left.object(), encode);
        assertEquals(3, encodings.get(), "a new change is a new encoding");
    }

    @Test
    void watchNowReturnsCurrentObjectsOnceAndThenOnlyNewEvents() {
        store.put("services", svc("a", "x"));
        ObjectStore.Snapshot snap = store.watchNow(all());
        assertEquals(1, snap.items().size());
        store.put("services", svc("b", "x"));
        assertEquals(List.of("ADDED b@2"), drain(snap.subscription()));
    }
}
