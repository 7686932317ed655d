package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Like the real server, one store holds Events, and {@code events.k8s.io/v1} is another view of {@code v1} Events.
 * The field names differ; the rest (reason, type, action, eventTime, series, related) is the same.
 */
public final class EventConversion {
    /** v1 (core) field → events.k8s.io/v1 field. */
    private static final Map<String, String> CORE_TO_EVENTS = Map.of(
            "involvedObject", "regarding",
            "message", "note",
            "reportingComponent", "reportingController",
            "source", "deprecatedSource",
            "firstTimestamp", "deprecatedFirstTimestamp",
            "lastTimestamp", "deprecatedLastTimestamp",
            "count", "deprecatedCount");

    private EventConversion() {
    }

    public static boolean isEventsGroup(ResourceType t) {
        return t.group().equals("events.k8s.io") && t.plural().equals("events");
    }

    /** An events.k8s.io/v1 Event as the v1 Event it is stored as; changes {@code event} in place. */
    public static ObjectNode toCore(ObjectNode event) {
        CORE_TO_EVENTS.forEach((core, events) -> move(event, events, core));
        return event;
    }

    /** A stored v1 Event as events.k8s.io/v1 shows it; changes {@code event} in place. */
    public static ObjectNode toEventsGroup(ObjectNode event) {
        CORE_TO_EVENTS.forEach((core, events) -> move(event, core, events));
        return event;
    }

    private static void move(ObjectNode o, String from, String to) {
        JsonNode v = o.remove(from);
        if (v != null) {
            o.set(to, v);
        }
    }
}
