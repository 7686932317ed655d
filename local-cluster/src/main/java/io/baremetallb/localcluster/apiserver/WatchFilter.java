package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one watcher asked for: a kind, optionally one namespace, and label and field selectors. */
public record WatchFilter(String storageKey, String namespace, LabelSelector labels, FieldSelector fields) {

    public boolean matches(ObjectNode obj) {
        if (obj == null) {
            return false;
        }
        if (namespace != null && !namespace.equals(obj.path("metadata").path("namespace").asText())) {
            return false;
        }
        return labels.matches(Json.stringMap(obj, "labels")) && fields.matches(obj);
    }

    /**
     * The event as this watcher sees it, or null when it concerns it not at all. An update that moves an object
     * into the selection is ADDED and one that moves it out is DELETED, as the real server reports them.
     */
    public WatchEvent translate(WatchEvent e) {
        if (!storageKey.equals(e.storageKey())) {
            return null;
        }
        boolean now = matches(e.object());
        if (!e.type().equals(WatchEvent.MODIFIED)) {
            return now ? e : null;
        }
        boolean before = matches(e.previous());
        if (now && before) {
            return e;
        }
        if (now) {
            return e.as(WatchEvent.ADDED);
        }
        return before ? e.as(WatchEvent.DELETED) : null;
    }
}
