package io.baremetallb.localcluster.apiserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The watch window: the last {@code capacity} events, and the open watches. A watch may resume from any
 * resourceVersion still inside the window; older ones are gone (410), as with the real server's watch cache.
 * Not thread-safe by itself: {@link ObjectStore} calls it under its lock, so no event falls between a
 * watcher's replay and its live feed.
 */
public final class WatchHub {
    /** An open watch: the events for it queue here until its HTTP stream writes them. */
    public static final class Subscription {
        private final WatchFilter filter;
        private final BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        Subscription(WatchFilter filter) {
            this.filter = filter;
        }

        public BlockingQueue<WatchEvent> queue() {
            return queue;
        }

        /** True once the server ended this watch; its stream then closes, and the client watches again. */
        public boolean ended() {
            return ended;
        }

        void offer(WatchEvent e) {
            WatchEvent seen = filter.translate(e);
            if (seen != null) {
                queue.add(seen);
            }
        }
    }

    private final int capacity;
    private final Deque<WatchEvent> history = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Events up to and including this resourceVersion are no longer in the window. */
    private long compactedThrough;

    public WatchHub(int capacity, long startingResourceVersion) {
        if (capacity < 1) {
            throw new IllegalArgumentException("watch window capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.compactedThrough = startingResourceVersion;
    }

    void publish(WatchEvent e) {
        history.addLast(e);
        while (history.size() > capacity) {
            compactedThrough = history.removeFirst().resourceVersion();
        }
        for (Subscription s : subscriptions) {
            s.offer(e);
        }
    }

    /** Opens a watch that first replays every event after {@code fromResourceVersion}; a 410 when that is too old. */
    Subscription subscribe(WatchFilter filter, long fromResourceVersion) {
        if (fromResourceVersion < compactedThrough) {
            throw ApiException.gone("too old resource version: " + fromResourceVersion + " (" + compactedThrough + ")");
        }
        Subscription s = new Subscription(filter);
        for (WatchEvent e : history) {
            if (e.resourceVersion() > fromResourceVersion) {
                s.offer(e);
            }
        }
        subscriptions.add(s);
        return s;
    }

    /** A watch with no history: the caller sends the current objects as ADDED first. */
    Subscription subscribeNow(WatchFilter filter) {
        Subscription s = new Subscription(filter);
        subscriptions.add(s);
        return s;
    }

    public void unsubscribe(Subscription s) {
        subscriptions.remove(s);
    }

    /** Drops the whole window, as an etcd compaction does: every earlier resourceVersion is then gone. */
    void compact(long currentResourceVersion) {
        history.clear();
        compactedThrough = currentResourceVersion;
    }

    /** Ends every open watch, as a restarting API server does; clients resume from their last resourceVersion. */
    void endAll() {
        for (Subscription s : subscriptions) {
            s.ended = true;
        }
        subscriptions.clear();
    }

    int openWatches() {
        return subscriptions.size();
    }

    List<WatchEvent> window() {
        return new ArrayList<>(history);
    }
}
