package io.baremetallb.localcluster.apiserver;

import java.util.List;

/**
 * One kind of object the server serves: where it lives in the URL space and what it looks like.
 *
 * @param group       API group, "" for core
 * @param version     API version served under this entry
 * @param plural      the URL resource name
 * @param singular    lower-case singular name
 * @param kind        the object kind
 * @param namespaced  whether objects live in a namespace
 * @param hasStatus   whether a /status subresource is served (and status kept apart from the object)
 * @param stored      false for review kinds (TokenReview, SubjectAccessReview) that are answered, never stored
 * @param shortNames  kubectl short names
 * @param builtin     false for kinds defined by a CustomResourceDefinition
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
                           boolean namespaced, boolean hasStatus, boolean stored, List<String> shortNames,
                           boolean builtin) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
    }

    static ResourceType core(String plural, String kind, boolean namespaced, boolean hasStatus, String... shortNames) {
        return builtin("", "v1", plural, kind, namespaced, hasStatus, shortNames);
    }

    static ResourceType builtin(String group, String version, String plural, String kind, boolean namespaced,
                                boolean hasStatus, String... shortNames) {
        return new ResourceType(group, version, plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced,
                hasStatus, true, List.of(shortNames), true);
    }

    static ResourceType review(String group, String plural, String kind) {
        return new ResourceType(group, "v1", plural, kind.toLowerCase(java.util.Locale.ROOT), kind, false, false,
                false, List.of(), true);
    }

    /** "v1" or "group/version", as written in an object's apiVersion. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /**
     * The storage key of the kind, the same for every served version of it. events.k8s.io Events are the core
     * Events seen differently (see {@link EventConversion}), so they share the core key.
     */
    public String storageKey() {
        if (group.isEmpty() || group.equals("events.k8s.io") && plural.equals("events")) {
            return plural;
        }
        return plural + "." + group;
    }

    /** "services" or "customresourcedefinitions.apiextensions.k8s.io", as real error messages name a resource. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The path prefix of this group version: /api/v1 or /apis/group/version. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    public List<String> verbs() {
        if (!stored) {
            return List.of("create");
        }
        return List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    }
}
