package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every object, as JSON trees, keyed by kind, namespace and name, with the one global resourceVersion counter.
 * Stored trees are never mutated: readers get copies and writers hand in new trees. Changes are published to the
 * {@link WatchHub} and to the {@link Listener} (persistence) under the store's lock, in resourceVersion order.
 */
public final class ObjectStore {
    /** Told about every change, in order; used to persist the store. */
    public interface Listener {
        void stored(String storageKey, ObjectNode object, long resourceVersion);

        void removed(String storageKey, ObjectNode object, long resourceVersion);
    }

    /** Tells {@code first}, then {@code second}. */
    static Listener both(Listener first, Listener second) {
        return new Listener() {
            @Override
            public void stored(String storageKey, ObjectNode object, long resourceVersion) {
                first.stored(storageKey, object, resourceVersion);
                second.stored(storageKey, object, resourceVersion);
            }

            @Override
            public void removed(String storageKey, ObjectNode object, long resourceVersion) {
                first.removed(storageKey, object, resourceVersion);
                second.removed(storageKey, object, resourceVersion);
            }
        };
    }

    public record Listing(List<ObjectNode> items, long resourceVersion) {
    }

    /** Objects of a kind, with the watch opened at the same instant. */
    public record Snapshot(List<ObjectNode> items, WatchHub.Subscription subscription) {
    }

    private final Map<String, TreeMap<String, ObjectNode>> byKind = new ConcurrentHashMap<>();
    private final WatchHub hub;
    private final Listener listener;
    private long resourceVersion;

    public ObjectStore(WatchHub hub, long startingResourceVersion, Listener listener) {
        this.hub = hub;
        this.resourceVersion = startingResourceVersion;
        this.listener = listener;
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    public synchronized long resourceVersion() {
        return resourceVersion;
    }

    public synchronized ObjectNode get(String storageKey, String namespace, String name) {
        ObjectNode o = kind(storageKey).get(key(namespace, name));
        return o == null ? null : o.deepCopy();
    }

    /**
     * The stored object itself, not a copy, or null: only for reading while holding the store's lock, as the
     * verbs do. Stored objects are never changed in place (each change stores a new object), so what is read
     * stays as it was; the caller must not change it.
     */
    synchronized ObjectNode peek(String storageKey, String namespace, String name) {
        return kind(storageKey).get(key(namespace, name));
    }

    public synchronized Listing list(String storageKey, Predicate<ObjectNode> filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : kind(storageKey).values()) {
            if (filter.test(o)) {
                out.add(o.deepCopy());
            }
        }
        return new Listing(out, resourceVersion);
    }

    /** Visits the stored objects of a kind without copying them; the visitor must not change them. */
    public synchronized void forEach(String storageKey, java.util.function.Consumer<ObjectNode> readOnlyVisitor) {
        kind(storageKey).values().forEach(readOnlyVisitor);
    }

    /**
     * Stores a new or changed object under the next resourceVersion and returns a copy of what was stored. Its
     * watch event is written by this thread: here, or when the {@link #locked} call around this one ends.
     */
    public ObjectNode put(String storageKey, ObjectNode object) {
        ObjectNode stored = store(storageKey, object);
        deliverUnlessLocked();
        return stored.deepCopy();
    }

    private synchronized ObjectNode store(String storageKey, ObjectNode object) {
        ObjectNode meta = Json.meta(object);
        String k = key(Json.text(meta, "namespace"), Json.text(meta, "name"));
        long rv = ++resourceVersion;
        meta.put("resourceVersion", Long.toString(rv));
        ObjectNode previous = kind(storageKey).put(k, object);
        listener.stored(storageKey, object, rv);
        hub.publish(new WatchEvent(rv, previous == null ? WatchEvent.ADDED : WatchEvent.MODIFIED, storageKey, object,
                previous));
        return object;
    }

    /**
     * Removes an object; its last state carries the resourceVersion of the deletion, as the real server's does.
     * Its watch event is written as for {@link #put}.
     */
    public ObjectNode remove(String storageKey, String namespace, String name) {
        ObjectNode last = delete(storageKey, namespace, name);
        deliverUnlessLocked();
        return last == null ? null : last.deepCopy();
    }

    private synchronized ObjectNode delete(String storageKey, String namespace, String name) {
        ObjectNode gone = kind(storageKey).remove(key(namespace, name));
        if (gone == null) {
            return null;
        }
        long rv = ++resourceVersion;
        ObjectNode last = gone.deepCopy();
        Json.meta(last).put("resourceVersion", Long.toString(rv));
        listener.removed(storageKey, last, rv);
        hub.publish(new WatchEvent(rv, WatchEvent.DELETED, storageKey, last, gone));
        return last;
    }

    /**
     * Runs {@code op} holding the store's lock, so that its reads and changes are one step, then writes their watch
     * events on this thread once the lock is released (an outer call still holding it writes them when it ends):
     * no client's socket is written while everyone waits for the lock.
     */
    public <T> T locked(Supplier<T> op) {
        try {
            synchronized (this) {
                return op.get();
            }
        } finally {
            deliverUnlessLocked();
        }
    }

    private void deliverUnlessLocked() {
        if (!Thread.holdsLock(this)) {
            hub.deliver();
        }
    }

    /** Loads an object as persisted, without a new resourceVersion or an event. */
    public synchronized void restore(String storageKey, ObjectNode object, long persistedResourceVersion) {
        ObjectNode meta = Json.meta(object);
        kind(storageKey).put(key(Json.text(meta, "namespace"), Json.text(meta, "name")), object);
        resourceVersion = Math.max(resourceVersion, persistedResourceVersion);
    }

    public synchronized WatchHub.Subscription watchFrom(WatchFilter filter, long fromResourceVersion) {
        return hub.subscribe(filter, fromResourceVersion);
    }

    public synchronized Snapshot watchNow(WatchFilter filter) {
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode o : kind(filter.storageKey()).values()) {
            if (filter.matches(o)) {
                items.add(o);
            }
        }
        return new Snapshot(items, hub.subscribeNow(filter));
    }

    public void unwatch(WatchHub.Subscription s) {
        hub.unsubscribe(s);
    }

    public synchronized void endWatches() {
        hub.endAll();
    }

    public synchronized int openWatches() {
        return hub.openWatches();
    }

    public synchronized void compact() {
        hub.compact(resourceVersion);
    }

    public synchronized List<String> kinds() {
        return new ArrayList<>(byKind.keySet());
    }

    private TreeMap<String, ObjectNode> kind(String storageKey) {
        return byKind.computeIfAbsent(storageKey, k -> new TreeMap<>());
    }
}
