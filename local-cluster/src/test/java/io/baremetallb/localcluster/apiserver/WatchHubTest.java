package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theWindowKeepsChangesButNotTheLiveWatchesEncodings() {
        WatchHub.Subscription live = store.watchNow(all()).subscription();
        store.put("services", svc("a", "x"));
        WatchEvent sent = live.queue().poll();
        ResourceType v1 = ResourceType.core("services", "Service", true, true);
        byte[] bytes = sent.encoded().as(v1, sent.object(), Json::bytes);
        WatchEvent kept = hub.window().get(0);
        assertEquals(sent.resourceVersion(), kept.resourceVersion());
        assertSame(sent.object(), kept.object());
        AtomicInteger encodings = new AtomicInteger();
        byte[] again = kept.encoded().as(v1, kept.object(), o -> {
            encodings.incrementAndGet();
            return Json.bytes(o);
        });
        assertEquals(1, encodings.get(), "a watch resumed from the window encodes the change again");
        assertEquals(new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                new String(again, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void watchNowReturnsCurrentObjectsOnceAndThenOnlyNewEvents() {
        store.put("services", svc("a", "x"));
        ObjectStore.Snapshot snap = store.watchNow(all());
        assertEquals(1, snap.items().size());
        store.put("services", svc("b", "x"));
        assertEquals(List.of("ADDED b@2"), drain(snap.subscription()));
    }

    /** A stream that notes what it was given: events as "TYPE name@rv", flushes as "|". */
    private static final class Recording implements WatchHub.Subscription.Sink {
        final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;

        @Override
        public void write(WatchEvent e) throws java.io.IOException {
            if (failing) {
                throw new java.io.IOException("the client went away");
            }
            written.add(e.type() + " " + e.object().path("metadata").path("name").asText() + "@" + e.resourceVersion());
        }

        @Override
        public void flush() {
            written.add("|");
        }
    }

    @Test
    void theThreadThatChangesTheStoreWritesTheEventOnceAStreamIsAttached() {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        store.put("services", svc("a", "x"));
        assertEquals(1, s.queue().size(), "no stream yet: the event waits");
        Recording out = new Recording();
        s.attach(out, Thread.currentThread());
        s.deliver();
        assertEquals(List.of("ADDED a@1", "|"), out.written, "what waited goes once a stream is there");
        store.put("services", svc("b", "x"));
        store.remove("services", "default", "a");
        assertEquals(List.of("ADDED a@1", "|", "ADDED b@2", "|", "DELETED a@3", "|"), out.written,
                "put and remove wrote their events themselves");
        assertEquals(0, s.queue().size());
    }

    @Test
    void changesUnderTheStoresLockAreWrittenWhenTheOperationLetsGo() {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        Recording out = new Recording();
        s.attach(out, Thread.currentThread());
        store.locked(() -> {
            store.put("services", svc("a", "x"));
            store.put("services", svc("b", "x"));
            assertEquals(List.of(), out.written, "nothing is written while the store's lock is held");
            return null;
        });
        assertEquals(List.of("ADDED a@1", "ADDED b@2", "|"), out.written, "both in one flush");
    }

    @Test
    void aBookmarkFollowsEveryEventItCoversAndPrecedesLaterOnes() {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        synchronized (store) {
            store.put("services", svc("a", "x"));
            store.put("services", svc("b", "x"));
            store.put("services", svc("c", "x"));
        }
        Recording out = new Recording();
        s.attach(out, Thread.currentThread());
        s.writeAfter(2, () -> out.written.add("BOOKMARK@2"));
        assertEquals(List.of("ADDED a@1", "ADDED b@2", "|", "BOOKMARK@2", "|"), out.written);
        s.deliver();
        assertEquals("ADDED c@3", out.written.get(5));
    }

    @Test
    void aStreamThatFailsEndsTheWatchAndKeepsNothingQueued() {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        Recording out = new Recording();
        s.attach(out, Thread.currentThread());
        out.failing = true;
        store.put("services", svc("a", "x"));
        assertTrue(s.broken());
        store.put("services", svc("b", "x"));
        assertEquals(List.of(), out.written);
        assertEquals(0, s.queue().size(), "a broken watch drops what it cannot send");
        assertEquals(2, store.resourceVersion(), "the writes themselves succeeded");
    }

    @Test
    void writersOnManyThreadsGetEveryEventOutOnceInResourceVersionOrder() throws Exception {
        WatchHub big = new WatchHub(100_000, 0);
        ObjectStore shared = new ObjectStore(big, 0, FilePersistence.NONE);
        WatchHub.Subscription s = shared.watchNow(all()).subscription();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger concurrentWriters = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        s.attach(new WatchHub.Subscription.Sink() {
            @Override
            public void write(WatchEvent e) {
                if (concurrentWriters.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                seen.add(e.resourceVersion());
                concurrentWriters.decrementAndGet();
            }

            @Override
            public void flush() {
            }
        }, Thread.currentThread());
        int threads = 4;
        int each = 2_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    shared.put("services", svc("t" + id + "-" + i, "x"));
                }
            });
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        s.deliver(); // nothing may be left, but a writer that lost the race for the lock relies on the holder
        assertEquals(0, overlaps.get(), "one writer at a time");
        assertEquals(threads * each, seen.size(), "every event once");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i), "in resourceVersion order");
        }
    }

    /**
     * A stream to a client that does not read: a write blocks until {@link #closeConnection} and then fails, as a
     * socket write does when the connection is closed under it; notes the names it was given.
     */
    private static final class Stuck implements WatchHub.Subscription.Sink {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        final List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(WatchEvent e) throws java.io.IOException {
            written.add(e.object().path("metadata").path("name").asText());
            entered.countDown();
            try {
                closed.await();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.IOException("Socket closed");
        }

        @Override
        public void flush() {
        }

        void closeConnection() {
            closed.countDown();
        }
    }

    /** Attaches {@code out} and starts a thread whose change of the store is then stuck writing to it. */
    private Thread writerStuckOn(WatchHub.Subscription s, Stuck out) throws InterruptedException {
        s.attach(out, Thread.currentThread());
        Thread writer = new Thread(() -> store.put("services", svc("a", "x")));
        writer.start();
        out.entered.await();
        return writer;
    }

    @Test
    void aWriteThatDoesNotReturnIsVisibleForTheWatchToEnd() throws Exception {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        Stuck out = new Stuck();
        Thread writer = writerStuckOn(s, out);
        long now = System.nanoTime() + 1_000_000_000L;
        assertTrue(s.writingFor(now) > 0, "a write is in progress");
        out.closeConnection();
        writer.join();
        assertEquals(0, s.writingFor(System.nanoTime()), "none once it returned");
        assertTrue(s.broken(), "the failed write ended the watch");
    }

    @Test
    void afterDetachNothingIsWrittenAndAStuckWriterIsCutOffFirst() throws Exception {
        WatchHub.Subscription s = store.watchNow(all()).subscription();
        Stuck out = new Stuck();
        Thread writer = writerStuckOn(s, out);
        AtomicInteger aborts = new AtomicInteger();
        s.detach(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50), () -> {
            aborts.incrementAndGet();
            out.closeConnection();
        });
        writer.join();
        assertEquals(1, aborts.get(), "the stuck write was cut off by closing the connection");
        store.put("services", svc("b", "x"));
        assertEquals(List.of("a"), out.written, "nothing is written after detach");
        assertTrue(s.broken());
        assertEquals(0, s.queue().size());
    }
}
