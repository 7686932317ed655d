package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The verbs on stored kinds (create, get, list, update, patch, delete) with the real server's rules: optimistic
 * concurrency on resourceVersion, the status subresource kept apart, finalizers holding back deletion, namespace
 * existence, and the CRD and Namespace cascades. Every mutation runs under the store's lock.
 */
public final class ApiOperations {
    /** Kinds whose DELETE answers with the deleted object rather than a Status, as in the real server. */
    private static final List<String> RETURNS_DELETED_OBJECT = List.of("services", "pods");

    private final ObjectStore store;
    private final ResourceTypes types;
    private final ObjectMetaRules meta;
    private static final List<String> UNDELETABLE_NAMESPACES = List.of("default", "kube-system", "kube-public");

    private final Admission admission;
    private final Executor namespaceController;

    /**
     * @param namespaceController runs the emptying of a terminating namespace, later, as the real namespace
     *                            controller does (so clients see the Terminating phase first)
     */
    public ApiOperations(ObjectStore store, ResourceTypes types, ObjectMetaRules meta, ServiceDefaults services,
                         ServiceAllocations allocations, Executor namespaceController) {
        this.store = store;
        this.types = types;
        this.meta = meta;
        this.admission = new Admission(allocations, services, meta);
        this.namespaceController = namespaceController;
    }

    public ObjectNode get(ResourceType t, String ns, String name) {
        ObjectNode o = store.get(t.storageKey(), ns, name);
        if (o == null) {
            throw ApiException.notFound(t.qualifiedName(), name);
        }
        return present(t, o);
    }

    public ObjectStore.Listing list(ResourceType t, String ns, LabelSelector labels, FieldSelector fields) {
        WatchFilter filter = new WatchFilter(t.storageKey(), ns, labels, fields);
        ObjectStore.Listing listing = store.list(t.storageKey(), filter::matches);
        listing.items().forEach(o -> present(t, o));
        return listing;
    }

    public ObjectNode create(ResourceType t, String ns, ObjectNode body, boolean dryRun) {
        ObjectMetaRules.checkKind(t, body);
        stored(t, body);
        return store.locked(() -> {
            meta.prepareCreate(t, ns, body);
            if (t.namespaced()) {
                checkNamespaceOpen(ns);
            }
            String name = Json.text(body.path("metadata"), "name");
            if (store.get(t.storageKey(), ns, name) != null) {
                throw ApiException.alreadyExists(t.qualifiedName(), name);
            }
            if (t.hasStatus()) {
                body.remove("status");
            }
            admission.admit(t, body, null, false);
            if (dryRun) {
                return present(t, body);
            }
            ObjectNode stored = store.put(t.storageKey(), body);
            afterStore(t, stored);
            return present(t, stored);
        });
    }

    /** PUT on the object ({@code statusOnly} false) or on its /status subresource. */
    public ObjectNode update(ResourceType t, String ns, String name, ObjectNode body, boolean statusOnly,
                             boolean dryRun) {
        return store.locked(() -> update(t, ns, name, body, stored(t, ns, name), statusOnly, dryRun));
    }

    /**
     * An update of {@code old} (the stored object, read only) to {@code body} (the caller's own, which becomes
     * the stored object or part of it). The next object shares what it keeps of {@code old} (its spec, for a
     * status update) instead of copying it: stored objects are never changed in place.
     */
    private ObjectNode update(ResourceType t, String ns, String name, ObjectNode body, ObjectNode old,
                              boolean statusOnly, boolean dryRun) {
        ObjectMetaRules.checkKind(t, body);
        stored(t, body);
        String bodyName = Json.text(body.path("metadata"), "name");
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        checkResourceVersion(t, name, body, old);
        ObjectNode next;
        if (statusOnly) {
            // as kube-apiserver's status strategies for the core group's kinds: they only keep the stored spec,
            // so labels and annotations sent to /status are stored too (kubernetes/kubernetes#92022); a custom
            // resource's /status keeps everything but the status
            boolean keepsMetadata = !(t.builtin() && t.group().isEmpty());
            next = withStatusOf(old, body, keepsMetadata);
        } else {
            next = body;
            if (t.hasStatus()) {
                JsonNode status = old.get("status");
                if (status == null) {
                    next.remove("status");
                } else {
                    next.set("status", status.deepCopy());
                }
            }
        }
        ObjectMetaRules.carryOver(next, old);
        admission.admit(t, next, old, statusOnly);
        return present(t, commitUpdate(t, next, old, dryRun));
    }

    /** PATCH: the patch is applied to the whole stored object, then stored as an update would be. */
    public ObjectNode patch(ResourceType t, String ns, String name, String contentType, byte[] patch,
                            boolean statusOnly, boolean dryRun) {
        return store.locked(() -> {
            ObjectNode old = stored(t, ns, name);
            JsonNode patched = Patches.apply(t, contentType, presented(t, old), patch);
            if (!patched.isObject()) {
                throw ApiException.invalid(t.kind(), name, "the patched document is not an object");
            }
            return update(t, ns, name, (ObjectNode) patched, old, statusOnly, dryRun);
        });
    }

    /** DELETE: immediate, or only marked (deletionTimestamp) while finalizers remain. */
    public ObjectNode delete(ResourceType t, String ns, String name, JsonNode options, boolean dryRun) {
        return store.locked(() -> {
            ObjectNode old = current(t, ns, name);
            checkPreconditions(t, name, options, old);
            if (t.storageKey().equals("namespaces") && !dryRun) {
                return terminate(t, old);
            }
            if (old.path("metadata").path("finalizers").size() > 0) {
                if (old.path("metadata").has("deletionTimestamp") || dryRun) {
                    return present(t, old);
                }
                ObjectNode marked = old.deepCopy();
                Json.meta(marked).put("deletionTimestamp", meta.now());
                Json.meta(marked).put("deletionGracePeriodSeconds", 0);
                return present(t, store.put(t.storageKey(), marked));
            }
            if (dryRun) {
                return present(t, old);
            }
            ObjectNode last = remove(t, ns, name);
            return RETURNS_DELETED_OBJECT.contains(t.storageKey()) ? present(t, last) : success(t, last);
        });
    }

    private void checkNamespaceOpen(String ns) {
        ObjectNode namespace = store.peek("namespaces", null, ns); // under the store's lock, read only
        if (namespace == null) {
            throw ApiException.notFound("namespaces", ns);
        }
        if (namespace.path("metadata").has("deletionTimestamp")) {
            throw new ApiException(403, "Forbidden", "unable to create new content in namespace " + ns
                    + " because it is being terminated", "namespaces", ns);
        }
    }

    /** Marks a namespace Terminating and lets the namespace controller empty and remove it. */
    private ObjectNode terminate(ResourceType t, ObjectNode old) {
        String name = Json.text(old.path("metadata"), "name");
        if (UNDELETABLE_NAMESPACES.contains(name)) {
            throw new ApiException(403, "Forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not "
                    + "be deleted", "namespaces", name);
        }
        if (old.path("metadata").has("deletionTimestamp")) {
            return present(t, old);
        }
        ObjectNode marked = old.deepCopy();
        Json.meta(marked).put("deletionTimestamp", meta.now());
        (marked.get("status") instanceof ObjectNode st ? st : marked.putObject("status")).put("phase", "Terminating");
        ObjectNode stored = store.put(t.storageKey(), marked);
        namespaceController.execute(() -> finishNamespace(name));
        return present(t, stored);
    }

    private void finishNamespace(String name) {
        store.locked(() -> {
            ObjectNode ns = store.peek("namespaces", null, name); // under the store's lock, read only
            if (ns != null && ns.path("metadata").path("finalizers").isEmpty()) {
                remove(types.require("", "v1", "namespaces"), null, name);
            }
            return null;
        });
    }

    private ObjectNode commitUpdate(ResourceType t, ObjectNode next, ObjectNode old, boolean dryRun) {
        JsonNode nextMeta = next.path("metadata");
        if (nextMeta.has("deletionTimestamp") && nextMeta.path("finalizers").isEmpty()) {
            return dryRun ? next.deepCopy() : remove(t, Json.text(nextMeta, "namespace"), Json.text(nextMeta, "name"));
        }
        if (dryRun) {
            return next.deepCopy();
        }
        if (ObjectMetaRules.unchanged(next, old)) {
            return old.deepCopy();
        }
        ObjectNode stored = store.put(t.storageKey(), next);
        afterStore(t, stored);
        return stored;
    }

    private ObjectNode remove(ResourceType t, String ns, String name) {
        if (t.storageKey().equals("namespaces")) {
            for (ResourceType k : types.all()) {
                if (k.namespaced() && k.stored()) {
                    store.list(k.storageKey(), o -> name.equals(Json.text(o.path("metadata"), "namespace")))
                            .items().forEach(o -> store.remove(k.storageKey(), name, Json.text(o.path("metadata"), "name")));
                }
            }
        }
        ObjectNode last = store.remove(t.storageKey(), ns, name);
        if (t.storageKey().equals(ResourceTypes.CRD_STORAGE_KEY)) {
            String key = last.path("spec").path("names").path("plural").asText() + "."
                    + last.path("spec").path("group").asText();
            store.list(key, o -> true).items().forEach(o -> store.remove(key,
                    Json.text(o.path("metadata"), "namespace"), Json.text(o.path("metadata"), "name")));
            types.forget(name);
        }
        return last;
    }

    private void afterStore(ResourceType t, ObjectNode stored) {
        if (t.storageKey().equals(ResourceTypes.CRD_STORAGE_KEY)) {
            types.defineFrom(stored);
        }
    }

    /** A copy of the stored object, the caller's to change; 404 when absent. */
    private ObjectNode current(ResourceType t, String ns, String name) {
        return stored(t, ns, name).deepCopy();
    }

    /** The stored object itself (not a copy, never to be changed), with the store locked; 404 when absent. */
    private ObjectNode stored(ResourceType t, String ns, String name) {
        ObjectNode old = store.peek(t.storageKey(), ns, name);
        if (old == null) {
            throw ApiException.notFound(t.qualifiedName(), name);
        }
        return old;
    }

    /**
     * The stored object as {@code t} presents it, for reading only: the object itself when presenting changes
     * nothing (a Service read as v1 Service), else a presented copy.
     */
    static ObjectNode presented(ResourceType t, ObjectNode stored) {
        boolean same = !EventConversion.isEventsGroup(t) && t.apiVersion().equals(Json.text(stored, "apiVersion"))
                && t.kind().equals(Json.text(stored, "kind"));
        return same ? stored : present(t, stored.deepCopy());
    }

    private static void checkResourceVersion(ResourceType t, String name, ObjectNode body, ObjectNode old) {
        String wanted = Json.text(body.path("metadata"), "resourceVersion");
        if (wanted != null && !wanted.isEmpty() && !wanted.equals(Json.text(old.path("metadata"), "resourceVersion"))) {
            throw ApiException.conflict(t.qualifiedName(), name);
        }
    }

    private static void checkPreconditions(ResourceType t, String name, JsonNode options, ObjectNode old) {
        JsonNode pre = options == null ? null : options.get("preconditions");
        if (pre == null) {
            return;
        }
        String rv = Json.text(pre, "resourceVersion");
        String uid = Json.text(pre, "uid");
        if (rv != null && !rv.equals(Json.text(old.path("metadata"), "resourceVersion"))
                || uid != null && !uid.equals(Json.text(old.path("metadata"), "uid"))) {
            throw ApiException.conflict(t.qualifiedName(), name);
        }
    }

    /**
     * A status update's next object: {@code old}'s fields in their order, sharing {@code old}'s nodes (read only),
     * with the status of {@code body} (or none, when it has none) and, unless {@code keepsMetadata}, its metadata;
     * kept metadata is copied, since the metadata rules then change it. {@code body}'s nodes move over uncopied.
     */
    private static ObjectNode withStatusOf(ObjectNode old, ObjectNode body, boolean keepsMetadata) {
        ObjectNode out = Json.object();
        JsonNode status = body.get("status");
        for (Map.Entry<String, JsonNode> field : old.properties()) {
            switch (field.getKey()) {
                case "status" -> {
                    if (status != null) {
                        out.set("status", status);
                    }
                }
                case "metadata" -> out.set("metadata", keepsMetadata ? field.getValue().deepCopy()
                        : body.path("metadata").isObject() ? body.get("metadata") : Json.object());
                default -> out.set(field.getKey(), field.getValue());
            }
        }
        if (status != null && !old.has("status")) {
            out.set("status", status);
        }
        return out;
    }

    /** The object as seen through {@code t}'s group version (a CRD may serve several; Events have two views). */
    static ObjectNode present(ResourceType t, ObjectNode o) {
        if (EventConversion.isEventsGroup(t)) {
            EventConversion.toEventsGroup(o);
        }
        o.put("apiVersion", t.apiVersion());
        o.put("kind", t.kind());
        return o;
    }

    /** A request body in the form it is stored in. */
    private static void stored(ResourceType t, ObjectNode body) {
        if (EventConversion.isEventsGroup(t)) {
            EventConversion.toCore(body);
        }
    }

    private static ObjectNode success(ResourceType t, ObjectNode last) {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", Json.text(last.path("metadata"), "name"));
        details.put("group", t.group());
        details.put("kind", t.plural());
        details.put("uid", Json.text(last.path("metadata"), "uid"));
        return status;
    }
}
