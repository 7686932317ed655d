package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the store.
 *
 * @param resourceVersion the global resourceVersion the change got
 * @param type            ADDED, MODIFIED or DELETED
 * @param storageKey      which kind ({@link ResourceType#storageKey()})
 * @param object          the object after the change (the last state, for DELETED); never mutated
 * @param previous        the object before the change, null for ADDED
 */
public record WatchEvent(long resourceVersion, String type, String storageKey, ObjectNode object,
                         ObjectNode previous) {
    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";

    WatchEvent as(String newType) {
        return new WatchEvent(resourceVersion, newType, storageKey, object, previous);
    }
}
