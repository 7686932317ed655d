package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Writes one watch as the real server does over HTTP/1.1: a chunked 200 response of JSON lines
 * {@code {"type":"ADDED","object":{…}}}, BOOKMARK lines when asked for, until timeoutSeconds pass, the client
 * goes away or the server stops. A resourceVersion too old to resume from is one ERROR line carrying a 410 Status.
 */
final class WatchStream {
    private static final long SERVING_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A write to the client that has not finished in this long means the client stopped reading. */
    static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final HttpExchange exchange;
    private final ResourceType type;
    private final boolean bookmarks;
    private final Duration bookmarkInterval;
    private final long deadlineNanos;
    private final BooleanSupplier serving;

    WatchStream(HttpExchange exchange, ResourceType type, boolean bookmarks, Duration bookmarkInterval,
                Duration timeout, BooleanSupplier serving) {
        this.serving = serving;
        this.exchange = exchange;
        this.type = type;
        this.bookmarks = bookmarks;
        this.bookmarkInterval = bookmarkInterval;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Streams the initial objects as ADDED, then attaches the stream to the subscription, whose events the
     * threads that change the store write from then on ({@link WatchHub.Subscription#deliver}); this thread
     * writes bookmarks, anything left queued, and ends the watch. Returns when the watch ends.
     */
    void run(ObjectStore store, List<ObjectNode> initial, WatchHub.Subscription subscription) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Transfer-Encoding", "chunked");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (ObjectNode o : initial) {
                write(out, WatchEvent.ADDED, ApiOperations.presented(type, o)); // the stored objects: read only
            }
            out.flush();
            subscription.attach(new WatchHub.Subscription.Sink() {
                @Override
                public void write(WatchEvent e) throws IOException {
                    writeEncoded(out, e.type(), e.encoded().as(type, e.object(),
                            o -> Json.bytes(ApiOperations.presented(type, o))));
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            }, Thread.currentThread());
            try {
                tend(store, subscription, out);
            } finally {
                // nobody writes to the stream once this returns: then it may end (its last chunk)
                subscription.detach(STALLED_NANOS, this::abandon);
            }
        } finally {
            store.unwatch(subscription);
        }
    }

    /**
     * Until the watch ends: writes what was queued before the stream was attached (and anything a writer left),
     * bookmarks when asked for, and ends the watch at its timeout, when the server stops or ends it, when the client
     * is gone, or when the client has not read for {@link #STALLED_NANOS} (a writer is stuck on a full socket).
     */
    private void tend(ObjectStore store, WatchHub.Subscription subscription, OutputStream out) {
        long nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
        while (serving.getAsBoolean() && !subscription.ended() && !subscription.broken()) {
            long now = System.nanoTime();
            if (deadlineNanos - now <= 0) {
                return;
            }
            if (subscription.writingFor(now) > STALLED_NANOS) {
                abandon();
                return;
            }
            subscription.deliver();
            if (bookmarks && now - nextBookmark >= 0) {
                long rv = store.resourceVersion();
                subscription.writeAfter(rv, () -> write(out, "BOOKMARK", bookmark(rv)));
                nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
            }
            long wakeAt = bookmarks ? Math.min(deadlineNanos, nextBookmark) : deadlineNanos;
            // wake at least every 200 ms so a stopping server ends its watches promptly
            LockSupport.parkNanos(Math.max(1, Math.min(wakeAt - System.nanoTime(), SERVING_CHECK_NANOS)));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Ends a watch whose client stopped reading: closes the connection under the writer stuck on it, as
     * kube-apiserver closes a watcher that does not keep up; the client's informer lists or watches again. The
     * API server's exchanges are all {@link ConnectionExchange}s; closing the stream itself instead would write
     * its last chunk beside the stuck writer.
     */
    private void abandon() {
        if (exchange instanceof ConnectionExchange c) {
            c.abort();
        }
    }

    /** The 410 a too-old resourceVersion gets: a 200 watch carrying one ERROR event, as the real server sends. */
    static void gone(HttpExchange exchange, ApiException e) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, "ERROR", e.toStatus());
        }
    }

    private ObjectNode bookmark(long resourceVersion) {
        ObjectNode o = Json.object();
        o.put("kind", type.kind());
        o.put("apiVersion", type.apiVersion());
        o.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
        return o;
    }

    /** One line around an object already encoded: {@code {"type":"…","object":…}}. */
    private static void writeEncoded(OutputStream out, String eventType, byte[] object) throws IOException {
        out.write(("{\"type\":\"" + eventType + "\",\"object\":").getBytes(StandardCharsets.US_ASCII));
        out.write(object);
        out.write('}');
        out.write('\n');
    }

    private static void write(OutputStream out, String eventType, ObjectNode object) throws IOException {
        writeEncoded(out, eventType, Json.bytes(object));
    }
}
