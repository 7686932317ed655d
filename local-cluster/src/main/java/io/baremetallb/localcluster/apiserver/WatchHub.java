package io.baremetallb.localcluster.apiserver;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The watch window: the last {@code capacity} events, and the open watches. A watch may resume from any
 * resourceVersion still inside the window; older ones are gone (410), as with the real server's watch cache.
 * Not thread-safe by itself: {@link ObjectStore} calls it under its lock, so no event falls between a
 * watcher's replay and its live feed; only {@link #deliver} is called without it.
 */
public final class WatchHub {
    /**
     * An open watch. Its events queue here (under the store's lock, in resourceVersion order) and are written to
     * its stream by the thread that made the change, once the store's lock is released ({@link #deliver}), not
     * handed to the watch's own thread: a hand-off per event and watcher cost two thread switches and three
     * futex calls, more than writing the event (the watch's thread only writes what is queued before it attaches,
     * bookmarks, and leftovers). One writer at a time; a thread that finds another writing leaves its events to
     * it, and that writer looks at the queue again after it lets go, so none is stranded.
     */
    public static final class Subscription {
        /** Where the events are written: by one thread at a time, under {@link Subscription}'s writing lock. */
        interface Sink {
            void write(WatchEvent e) throws IOException;

            void flush() throws IOException;
        }

        /** An exclusive write to the stream besides events (a bookmark). */
        interface Write {
            void run() throws IOException;
        }

        private final WatchFilter filter;
        private final Queue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
        private final ReentrantLock writing = new ReentrantLock();
        private volatile Sink sink;
        private volatile Thread streamThread;
        private volatile boolean ended;
        private volatile boolean broken;
        /** When the write in progress began (System.nanoTime, made odd so it is never 0); 0 while none is. */
        private volatile long writingSince;

        Subscription(WatchFilter filter) {
            this.filter = filter;
        }

        /** The events not yet written. */
        public Queue<WatchEvent> queue() {
            return queue;
        }

        /** True once the server ended this watch; its stream then closes, and the client watches again. */
        public boolean ended() {
            return ended;
        }

        /** True once writing to the stream failed (the client went away) or it was detached: the watch ends. */
        boolean broken() {
            return broken;
        }

        void offer(WatchEvent e) {
            if (broken) {
                return; // its stream is gone; the watch's thread is ending it
            }
            WatchEvent seen = filter.translate(e);
            if (seen != null) {
                queue.add(seen);
            }
        }

        /** From now on the queued events go to {@code out}; {@code thread} is woken when the watch must end. */
        void attach(Sink out, Thread thread) {
            streamThread = thread;
            sink = out;
        }

        /**
         * Ends the writing to the stream: waits for a write in progress (at most {@code patienceNanos}, then
         * {@code abort} closes the connection under it), and no thread writes to the stream afterwards.
         */
        void detach(long patienceNanos, Runnable abort) {
            boolean interrupted = false;
            try {
                if (!writing.tryLock(patienceNanos, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    abort.run();
                    writing.lock();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                abort.run();
                writing.lock();
            }
            try {
                sink = null;
                broken = true;
                queue.clear();
            } finally {
                writing.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Writes the queued events and flushes, unless no stream is attached yet or another thread is writing
         * (which writes these too); never waits for another writer.
         */
        void deliver() {
            Sink out = sink;
            while (out != null && !broken && !queue.isEmpty() && writing.tryLock()) {
                try {
                    writeQueued(out, Long.MAX_VALUE);
                } finally {
                    writing.unlock();
                }
            }
        }

        /**
         * Waits for the writing lock, writes the queued events up to {@code resourceVersion}, then {@code write}
         * (a bookmark of that resourceVersion comes after every event it covers, and before any later one).
         */
        void writeAfter(long resourceVersion, Write write) {
            Sink out = sink;
            if (out == null) {
                return;
            }
            writing.lock();
            try {
                writeQueued(out, resourceVersion);
                if (!broken) {
                    writingSince = System.nanoTime() | 1;
                    write.run();
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                fail();
            } finally {
                writingSince = 0;
                writing.unlock();
            }
        }

        private void writeQueued(Sink out, long upTo) {
            int n = 0;
            try {
                WatchEvent e;
                while (!broken && (e = queue.peek()) != null && e.resourceVersion() <= upTo) {
                    queue.poll();
                    writingSince = System.nanoTime() | 1;
                    out.write(e);
                    n++;
                }
                if (n > 0) {
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                fail();
            } finally {
                writingSince = 0;
            }
        }

        private void fail() {
            broken = true;
            queue.clear();
            wake();
        }

        /** Nanoseconds the write in progress has taken so far at {@code now}, 0 when none is in progress. */
        long writingFor(long now) {
            long since = writingSince;
            return since == 0 ? 0 : Math.max(0, now - since);
        }

        private void wake() {
            Thread t = streamThread;
            if (t != null) {
                LockSupport.unpark(t);
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
        // the window keeps the change without its encoding: the live watches share the bytes while they write
        // them, and then the bytes are garbage instead of 10,000 events' worth the collector copies on and on;
        // a watch resumed from the window encodes again
        history.addLast(e.unencoded());
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

    /**
     * Writes every open watch's queued events ({@link Subscription#deliver}). Called by the thread that changed
     * the store, after it released the store's lock; safe without it.
     */
    void deliver() {
        for (Subscription s : subscriptions) {
            s.deliver();
        }
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
            s.wake();
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
