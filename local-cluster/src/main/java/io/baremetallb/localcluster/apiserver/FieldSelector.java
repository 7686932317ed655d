package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code fieldSelector}: {@code field=value}, {@code field==value}, {@code field!=value}, joined by
 * commas. Like the real server, only the fields each kind indexes are accepted; others are a 400.
 */
public record FieldSelector(List<Term> terms) {

    public record Term(String field, boolean equals, String value) {
    }

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
    private static final Map<String, Set<String>> BY_KIND = Map.of(
            "Service", Set.of("spec.type", "spec.clusterIP"),
            "Event", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "type", "source",
                    "regarding.kind", "regarding.name", "regarding.namespace", "regarding.uid", "reportingController"),
            "Pod", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "Node", Set.of("spec.unschedulable"),
            "Secret", Set.of("type"),
            "Namespace", Set.of("status.phase"));

    public static FieldSelector parse(String selector, String kind) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : selector.split(",")) {
            terms.add(term(part.trim(), kind));
        }
        return new FieldSelector(List.copyOf(terms));
    }

    private static Term term(String part, String kind) {
        int neq = part.indexOf("!=");
        int eq = part.indexOf('=');
        if (eq <= 0) {
            throw ApiException.badRequest("invalid field selector term \"" + part + "\": expected field=value");
        }
        String field = (neq > 0 ? part.substring(0, neq) : part.substring(0, eq)).trim();
        String value = neq > 0 ? part.substring(neq + 2) : part.substring(part.startsWith("==", eq) ? eq + 2 : eq + 1);
        if (!COMMON.contains(field) && !BY_KIND.getOrDefault(kind, Set.of()).contains(field)) {
            throw ApiException.badRequest("field label not supported: " + field);
        }
        // events.k8s.io names of the stored core Event's fields (see EventConversion)
        String stored = field.startsWith("regarding.") ? "involvedObject." + field.substring("regarding.".length())
                : field.equals("reportingController") ? "reportingComponent" : field;
        return new Term(stored, neq < 0, value.trim());
    }

    public boolean matches(JsonNode obj) {
        for (Term t : terms) {
            JsonNode v = Json.at(obj, t.field());
            String have = v == null || v.isNull() ? "" : v.asText();
            if (have.equals(t.value()) != t.equals()) {
                return false;
            }
        }
        return true;
    }
}
