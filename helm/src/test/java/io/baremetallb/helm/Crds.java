package io.baremetallb.helm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The chart's CRDs (baremetal-lb/crds/), and the structural-schema rules the API server enforces. */
final class Crds {
    static final Path DIRECTORY = Chart.DIRECTORY.resolve("crds");

    private Crds() {
    }

    private static Map<String, JsonObject> loaded;

    /** Every CRD file of the chart, by file name, each holding exactly one CRD (read once; do not modify). */
    static synchronized Map<String, JsonObject> all() {
        if (loaded == null) {
            loaded = java.util.Collections.unmodifiableMap(load());
        }
        return loaded;
    }

    private static Map<String, JsonObject> load() {
        Map<String, JsonObject> crds = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                List<JsonObject> documents = Manifests.parse(file);
                if (documents.size() != 1) {
                    throw new IllegalStateException(file + " holds " + documents.size() + " documents, not 1");
                }
                crds.put(file.getFileName().toString(), documents.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + DIRECTORY, e);
        }
        return crds;
    }

    /** The openAPIV3Schema of {@code group/version, kind}, if a chart CRD serves it. */
    static Optional<JsonObject> schemaOf(String apiVersion, String kind) {
        for (JsonObject crd : all().values()) {
            JsonObject spec = crd.getAsJsonObject("spec");
            if (!spec.getAsJsonObject("names").get("kind").getAsString().equals(kind)) {
                continue;
            }
            for (JsonElement version : spec.getAsJsonArray("versions")) {
                JsonObject v = version.getAsJsonObject();
                String served = spec.get("group").getAsString() + "/" + v.get("name").getAsString();
                if (served.equals(apiVersion) && v.get("served").getAsBoolean()) {
                    return Optional.of(v.getAsJsonObject("schema").getAsJsonObject("openAPIV3Schema"));
                }
            }
        }
        return Optional.empty();
    }

    /** Where {@code schema} breaks the rules for structural schemas; empty when it is structural. */
    static List<String> structuralViolations(JsonObject schema) {
        List<String> violations = new ArrayList<>();
        walk(schema, "", violations);
        JsonObject metadata = schema.getAsJsonObject("properties").getAsJsonObject("metadata");
        if (metadata == null || !metadata.equals(typeObject())) {
            violations.add(".metadata: must be exactly {type: object}");
        }
        return violations;
    }

    private static void walk(JsonObject node, String path, List<String> violations) {
        boolean intOrString = node.has("x-kubernetes-int-or-string");
        boolean preserve = node.has("x-kubernetes-preserve-unknown-fields");
        String type = node.has("type") ? node.get("type").getAsString() : null;
        if (type == null && !intOrString && !preserve) {
            violations.add(path + ": no type");
        }
        if (node.has("properties") && !"object".equals(type)) {
            violations.add(path + ": properties on a non-object");
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            violations.add(path + ": both properties and additionalProperties");
        }
        if ("array".equals(type) != node.has("items")) {
            violations.add(path + ": arrays, and only arrays, need items");
        }
        if (node.has("default")) {
            SchemaValidator.validate(wrap(node.get("default")), wrapSchema(node))
                    .forEach(e -> violations.add(path + ": default does not validate: " + e));
        }
        if ("map".equals(stringOf(node, "x-kubernetes-list-type"))) {
            JsonObject items = node.getAsJsonObject("items");
            for (JsonElement key : node.getAsJsonArray("x-kubernetes-list-map-keys")) {
                if (!items.has("required") || !items.getAsJsonArray("required").contains(key)) {
                    violations.add(path + ": list-map key " + key + " is not required in the items");
                }
            }
        }
        if (node.has("properties")) {
            node.getAsJsonObject("properties").entrySet().forEach(
                    p -> walk(p.getValue().getAsJsonObject(), path + "." + p.getKey(), violations));
        }
        if (node.has("items")) {
            walk(node.getAsJsonObject("items"), path + "[]", violations);
        }
        if (node.has("additionalProperties") && node.get("additionalProperties").isJsonObject()) {
            walk(node.getAsJsonObject("additionalProperties"), path + "{}", violations);
        }
    }

    private static JsonObject wrap(JsonElement value) {
        JsonObject object = new JsonObject();
        object.add("value", value);
        return object;
    }

    private static JsonObject wrapSchema(JsonObject node) {
        JsonObject properties = new JsonObject();
        properties.add("value", node);
        JsonObject schema = typeObject();
        schema.add("properties", properties);
        return schema;
    }

    private static JsonObject typeObject() {
        JsonObject object = new JsonObject();
        object.addProperty("type", "object");
        return object;
    }

    private static String stringOf(JsonObject node, String key) {
        return node.has(key) ? node.get(key).getAsString() : null;
    }
}
