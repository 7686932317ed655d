package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The kinds the server serves: the built-in ones, then those each CustomResourceDefinition adds. */
public final class ResourceTypes {
    public static final String CRD_GROUP = "apiextensions.k8s.io";
    public static final String CRD_STORAGE_KEY = "customresourcedefinitions." + CRD_GROUP;

    private final List<ResourceType> builtins = List.of(
            ResourceType.core("namespaces", "Namespace", false, true, "ns"),
            ResourceType.core("services", "Service", true, true, "svc"),
            ResourceType.core("endpoints", "Endpoints", true, false, "ep"),
            ResourceType.core("configmaps", "ConfigMap", true, false, "cm"),
            ResourceType.core("secrets", "Secret", true, false),
            ResourceType.core("nodes", "Node", false, true, "no"),
            ResourceType.core("pods", "Pod", true, true, "po"),
            ResourceType.core("events", "Event", true, false, "ev"),
            ResourceType.core("serviceaccounts", "ServiceAccount", true, false, "sa"),
            ResourceType.builtin("events.k8s.io", "v1", "events", "Event", true, false, "ev"),
            ResourceType.builtin("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false),
            ResourceType.builtin("coordination.k8s.io", "v1", "leases", "Lease", true, false),
            ResourceType.builtin(CRD_GROUP, "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
                    true, "crd", "crds"),
            ResourceType.review("authentication.k8s.io", "tokenreviews", "TokenReview"),
            ResourceType.review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview"));

    /** CRD name → the types (one per served version) it defines. */
    private final Map<String, List<ResourceType>> custom = new ConcurrentHashMap<>();
    private final List<ResourceType> all = new CopyOnWriteArrayList<>(builtins);

    public Optional<ResourceType> find(String group, String version, String plural) {
        for (ResourceType t : all) {
            if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public ResourceType require(String group, String version, String plural) {
        return find(group, version, plural).orElseThrow(() -> new IllegalStateException(
                "no resource " + plural + " in " + group + "/" + version));
    }

    public List<ResourceType> all() {
        return List.copyOf(all);
    }

    public boolean isGroupVersion(String group, String version) {
        return all.stream().anyMatch(t -> t.group().equals(group) && t.version().equals(version));
    }

    /** Registers (or re-registers, on update) the kinds a CRD object defines. */
    public synchronized void defineFrom(JsonNode crd) {
        String name = crd.path("metadata").path("name").asText();
        forget(name);
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
        List<ResourceType> defined = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            boolean status = v.path("subresources").has("status");
            defined.add(new ResourceType(spec.path("group").asText(), v.path("name").asText(),
                    names.path("plural").asText(), names.path("singular").asText(names.path("kind").asText()
                    .toLowerCase(java.util.Locale.ROOT)), names.path("kind").asText(),
                    "Namespaced".equals(spec.path("scope").asText()), status, true, shortNames, false));
        }
        custom.put(name, defined);
        all.addAll(defined);
    }

    public synchronized void forget(String crdName) {
        List<ResourceType> old = custom.remove(crdName);
        if (old != null) {
            all.removeAll(old);
        }
    }
}
