package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Writes one watch as the real server does over HTTP/1.1: a chunked 200 response of JSON lines
 * {@code {"type":"ADDED","object":{…}}}, BOOKMARK lines when asked for, until timeoutSeconds pass, the client
 * goes away or the server stops. A resourceVersion too old to resume from is one ERROR line carrying a 410 Status.
 */
final class WatchStream {
    private static final long SERVING_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
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

    /** Streams the initial objects as ADDED, then the subscription's events; returns when the watch ends. */
    void run(ObjectStore store, List<ObjectNode> initial, WatchHub.Subscription subscription) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Transfer-Encoding", "chunked");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (ObjectNode o : initial) {
                write(out, WatchEvent.ADDED, ApiOperations.present(type, o.deepCopy()));
            }
            out.flush();
            pump(store, subscription, out);
        } finally {
            store.unwatch(subscription);
        }
    }

    private void pump(ObjectStore store, WatchHub.Subscription subscription, OutputStream out) throws IOException {
        long nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
        while (serving.getAsBoolean() && !subscription.ended()) {
            long now = System.nanoTime();
            if (deadlineNanos - now <= 0) {
                return;
            }
            long wakeAt = bookmarks ? Math.min(deadlineNanos, nextBookmark) : deadlineNanos;
            // wake at least every 200 ms so a stopping server ends its watches promptly
            long wait = Math.min(wakeAt - now, SERVING_CHECK_NANOS);
            WatchEvent e;
            try {
                e = subscription.queue().poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e != null) {
                writeEncoded(out, e.type(), e.encoded().as(type, e.object(),
                        o -> Json.bytes(ApiOperations.present(type, o.deepCopy()))));
                if (subscription.queue().isEmpty()) {
                    out.flush();
                }
            } else if (bookmarks && System.nanoTime() >= nextBookmark) {
                write(out, "BOOKMARK", bookmark(store.resourceVersion()));
                out.flush();
                nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
            }
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
