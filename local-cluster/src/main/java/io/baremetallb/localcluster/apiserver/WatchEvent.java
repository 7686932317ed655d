package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Function;

/**
 * One change in the store.
 *
 * @param resourceVersion the global resourceVersion the change got
 * @param type            ADDED, MODIFIED or DELETED
 * @param storageKey      which kind ({@link ResourceType#storageKey()})
 * @param object          the object after the change (the last state, for DELETED); never mutated
 * @param previous        the object before the change, null for ADDED
 * @param encoded         the object as a watch sends it, encoded once and shared by every watch of the event
 */
public record WatchEvent(long resourceVersion, String type, String storageKey, ObjectNode object,
                         ObjectNode previous, Encoded encoded) {
    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";

    public WatchEvent(long resourceVersion, String type, String storageKey, ObjectNode object, ObjectNode previous) {
        this(resourceVersion, type, storageKey, object, previous, new Encoded());
    }

    /** The same change under another event type (a label selector turns a MODIFIED into ADDED or DELETED). */
    WatchEvent as(String newType) {
        return new WatchEvent(resourceVersion, newType, storageKey, object, previous, encoded);
    }

    /** The same change with an encoding of its own, not yet made. */
    WatchEvent unencoded() {
        return new WatchEvent(resourceVersion, type, storageKey, object, previous);
    }

    /**
     * The event's object encoded as one resource type presents it (kube-apiserver likewise serializes a watch
     * event once for all its watchers). Remembers the last type asked for: the watches of one event almost always
     * share it; another type encodes again.
     */
    public static final class Encoded {
        private ResourceType type;
        private byte[] bytes;

        synchronized byte[] as(ResourceType t, ObjectNode object, Function<ObjectNode, byte[]> encode) {
            if (!t.equals(type)) {
                bytes = encode.apply(object);
                type = t;
            }
            return bytes;
        }
    }
}
