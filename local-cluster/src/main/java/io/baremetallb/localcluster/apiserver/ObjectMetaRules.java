package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The metadata the server owns: name (or generateName), uid, creationTimestamp, generation (bumped when spec
 * changes), deletionTimestamp, and the checks on names and on the kind an object says it is.
 */
public final class ObjectMetaRules {
    /** The alphabet and length of the suffix the real server appends to generateName. */
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final String DNS_LABEL_RULE = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile(DNS_LABEL_RULE);
    private static final java.util.regex.Pattern DNS_SUBDOMAIN =
            java.util.regex.Pattern.compile(DNS_LABEL_RULE + "(\\." + DNS_LABEL_RULE + ")*");

    private final InstantSource clock;
    private final RandomGenerator random;

    public ObjectMetaRules(InstantSource clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public Instant instant() {
        return clock.instant();
    }

    /** Checks apiVersion and kind against the URL's, filling them in when the body left them out. */
    public static void checkKind(ResourceType type, ObjectNode body) {
        String kind = Json.text(body, "kind");
        String apiVersion = Json.text(body, "apiVersion");
        if (kind != null && !kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the body of the request was in an unknown format: kind \"" + kind
                    + "\" sent to " + type.qualifiedName() + " (expected " + type.kind() + ")");
        }
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("apiVersion \"" + apiVersion + "\" of the body does not match the URL's \""
                    + type.apiVersion() + "\"");
        }
        body.put("apiVersion", type.apiVersion());
        body.put("kind", type.kind());
    }

    /** Fills the metadata of a new object; the namespace is the URL's. */
    public void prepareCreate(ResourceType type, String namespace, ObjectNode body) {
        ObjectNode meta = Json.meta(body);
        String bodyNs = Json.text(meta, "namespace");
        if (type.namespaced()) {
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object (" + bodyNs
                        + ") does not match the namespace sent on the request (" + namespace + ")");
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        String name = Json.text(meta, "name");
        String generateName = Json.text(meta, "generateName");
        if ((name == null || name.isEmpty()) && generateName != null && !generateName.isEmpty()) {
            name = generateName + suffix();
            meta.put("name", name);
        }
        checkName(type, name);
        meta.put("uid", new UUID(random.nextLong(), random.nextLong()).toString());
        meta.put("creationTimestamp", now());
        meta.remove(java.util.List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
                "selfLink", "managedFields"));
        if (body.has("spec") || !type.builtin()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
    }

    /** Carries what an update may not change from the stored object, and bumps generation if spec changed. */
    public static void carryOver(ObjectNode next, ObjectNode old) {
        ObjectNode meta = Json.meta(next);
        JsonNode oldMeta = old.path("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds"}) {
            if (oldMeta.has(field)) {
                meta.set(field, oldMeta.get(field));
            } else {
                meta.remove(field);
            }
        }
        meta.remove(java.util.List.of("selfLink", "managedFields"));
        if (oldMeta.has("generation")) {
            long generation = oldMeta.path("generation").asLong();
            boolean specChanged = !Objects.equals(next.get("spec"), old.get("spec"));
            meta.put("generation", specChanged ? generation + 1 : generation);
        }
    }

    /** True when nothing but the resourceVersion differs: the real server then stores nothing and sends no event. */
    public static boolean unchanged(ObjectNode next, ObjectNode old) {
        if (next.size() != old.size()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : next.properties()) {
            JsonNode before = old.get(field.getKey());
            boolean same = field.getKey().equals("metadata")
                    ? sameButResourceVersion(field.getValue(), before) : field.getValue().equals(before);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameButResourceVersion(JsonNode a, JsonNode b) {
        if (b == null || !a.isObject() || !b.isObject()) {
            return a.equals(b);
        }
        int sizeA = a.size() - (a.has("resourceVersion") ? 1 : 0);
        int sizeB = b.size() - (b.has("resourceVersion") ? 1 : 0);
        if (sizeA != sizeB) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : a.properties()) {
            if (!field.getKey().equals("resourceVersion") && !field.getValue().equals(b.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public static void checkName(ResourceType type, String name) {
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(type.kind(), "", "metadata.name: Required value: name or generateName is required");
        }
        boolean label = type.kind().equals("Service") || type.kind().equals("Namespace");
        java.util.regex.Pattern rule = label ? DNS_LABEL : DNS_SUBDOMAIN;
        int max = label ? 63 : 253;
        if (name.length() > max || !rule.matcher(name).matches()) {
            throw ApiException.invalid(type.kind(), name, "metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 "
                    + (label ? "label" : "subdomain") + " must consist of lower case alphanumeric characters, '-'"
                    + (label ? "" : " or '.'") + ", and must start and end with an alphanumeric character");
        }
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return sb.toString();
    }
}
