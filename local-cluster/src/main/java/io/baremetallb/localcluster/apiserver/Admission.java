package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * What particular kinds get on the way into the store: Service defaults and allocations, Namespace phase and
 * finalizer, Pod phase, Secret stringData, CustomResourceDefinition checks and its Established status.
 */
final class Admission {
    private final ServiceAllocations allocations;
    private final ServiceDefaults serviceDefaults;
    private final ObjectMetaRules meta;

    Admission(ServiceAllocations allocations, ServiceDefaults serviceDefaults, ObjectMetaRules meta) {
        this.allocations = allocations;
        this.serviceDefaults = serviceDefaults;
        this.meta = meta;
    }

    /** Called with the store locked, after metadata rules, before the object is stored. */
    void admit(ResourceType type, ObjectNode next, ObjectNode old, boolean statusOnly) {
        if (!type.builtin() || statusOnly) {
            return;
        }
        switch (type.storageKey()) {
            case "services" -> service(next, old);
            case "namespaces" -> namespace(next);
            case "pods" -> {
                if (old == null) {
                    ObjectNode status = next.putObject("status");
                    status.put("phase", "Pending");
                }
            }
            case "customresourcedefinitions.apiextensions.k8s.io" -> crd(next);
            case "secrets" -> secret(next);
            default -> {
                // stored as given
            }
        }
    }

    private void service(ObjectNode next, ObjectNode old) {
        if (old == null) {
            next.putObject("status").putObject("loadBalancer");
        }
        serviceDefaults.apply(next, old, allocations.heldByOthers(next));
    }

    /**
     * As the real server: {@code stringData} is write-only, merged into {@code data} (base64, and
     * winning over a key of the same name), and the type defaults to Opaque.
     */
    private static void secret(ObjectNode next) {
        if (next.get("stringData") instanceof ObjectNode strings) {
            ObjectNode data = next.get("data") instanceof ObjectNode d ? d : next.putObject("data");
            strings.fields().forEachRemaining(e -> data.put(e.getKey(), java.util.Base64.getEncoder()
                    .encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        next.remove("stringData");
        if (!next.path("type").isTextual() || next.path("type").asText().isEmpty()) {
            next.put("type", "Opaque");
        }
    }

    private static void namespace(ObjectNode next) {
        String name = next.path("metadata").path("name").asText();
        ObjectNode labels = Json.meta(next).get("labels") instanceof ObjectNode l ? l
                : Json.meta(next).putObject("labels");
        labels.put("kubernetes.io/metadata.name", name);
        ObjectNode spec = next.get("spec") instanceof ObjectNode s ? s : next.putObject("spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        ObjectNode status = next.get("status") instanceof ObjectNode s ? s : next.putObject("status");
        if (!status.has("phase")) {
            status.put("phase", "Active");
        }
    }

    private void crd(ObjectNode next) {
        String name = next.path("metadata").path("name").asText();
        JsonNode spec = next.path("spec");
        String group = spec.path("group").asText("");
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asText("");
        if (group.isEmpty() || plural.isEmpty() || names.path("kind").asText("").isEmpty()) {
            throw ApiException.invalid("CustomResourceDefinition", name,
                    "spec.group, spec.names.plural and spec.names.kind are required");
        }
        if (!name.equals(plural + "." + group)) {
            throw ApiException.invalid("CustomResourceDefinition", name, "metadata.name: Invalid value: \"" + name
                    + "\": must be spec.names.plural+\".\"+spec.group");
        }
        String scope = spec.path("scope").asText("");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            throw ApiException.invalid("CustomResourceDefinition", name,
                    "spec.scope: Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\"");
        }
        if (!spec.path("versions").isArray() || spec.path("versions").isEmpty()) {
            throw ApiException.invalid("CustomResourceDefinition", name, "spec.versions: Required value");
        }
        crdStatus(next, names);
    }

    private void crdStatus(ObjectNode next, JsonNode names) {
        ObjectNode status = next.putObject("status");
        status.set("acceptedNames", names.deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"NamesAccepted", "Established"}) {
            ObjectNode c = conditions.addObject();
            c.put("type", type);
            c.put("status", "True");
            c.put("lastTransitionTime", meta.now());
            c.put("reason", type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
            c.put("message", type.equals("Established") ? "the initial names have been accepted"
                    : "no conflicts found");
        }
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode v : next.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                stored.add(v.path("name").asText());
            }
        }
    }
}
