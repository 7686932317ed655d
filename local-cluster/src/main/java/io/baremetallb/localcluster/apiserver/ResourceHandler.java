package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The verbs on one resource URL: list, watch, get, create, update, patch, delete, deletecollection. */
final class ResourceHandler {
    /** How long a watch without timeoutSeconds stays open (the real server's default is 30 to 60 minutes). */
    private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);

    private final ApiOperations ops;
    private final ObjectStore store;
    private final Reviews reviews;
    private final InstantSource clock;
    private final Duration bookmarkInterval;
    private final BooleanSupplier serving;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    ResourceHandler(ApiOperations ops, ObjectStore store, Reviews reviews, InstantSource clock,
                    Duration bookmarkInterval, BooleanSupplier serving) {
        this.ops = ops;
        this.store = store;
        this.reviews = reviews;
        this.clock = clock;
        this.bookmarkInterval = bookmarkInterval;
        this.serving = serving;
    }

    /** How many requests of a verb ("list", "watch", "get", …) reached a kind ("services", "leases.coordination.k8s.io"). */
    long count(String verb, String storageKey) {
        AtomicLong n = counts.get(verb + " " + storageKey);
        return n == null ? 0 : n.get();
    }

    void handle(HttpExchange ex, ApiPath p) throws IOException {
        String method = ex.getRequestMethod();
        Map<String, String> q = HttpIo.query(ex);
        ResourceType t = p.type();
        if (!t.stored()) {
            review(ex, p, method);
            return;
        }
        boolean dryRun = q.containsKey("dryRun");
        boolean collectionWithoutNamespace = p.isCollection() && t.namespaced() && p.namespace() == null;
        if (!p.isCollection() && t.namespaced() && p.namespace() == null) {
            throw ApiException.pathNotFound(ex.getRequestURI().getPath());
        }
        String verb = verb(method, p, q);
        counts.computeIfAbsent(verb + " " + t.storageKey(), k -> new AtomicLong()).incrementAndGet();
        rejectProtobuf(ex.getRequestHeaders().getFirst("Content-Type"));
        switch (verb) {
            case "list" -> list(ex, p, q);
            case "watch" -> watch(ex, p, q);
            case "get" -> respond(ex, 200, ops.get(t, p.namespace(), p.name()));
            case "create" -> {
                if (collectionWithoutNamespace) {
                    throw ApiException.methodNotAllowed(method, ex.getRequestURI().getPath());
                }
                respond(ex, dryRun ? 200 : 201, ops.create(t, p.namespace(), Json.parseObject(HttpIo.body(ex)), dryRun));
            }
            case "update" -> respond(ex, 200, ops.update(t, p.namespace(), p.name(),
                    Json.parseObject(HttpIo.body(ex)), p.isStatus(), dryRun));
            case "patch" -> respond(ex, 200, ops.patch(t, p.namespace(), p.name(),
                    ex.getRequestHeaders().getFirst("Content-Type"), HttpIo.body(ex), p.isStatus(), dryRun));
            case "delete" -> respond(ex, 200, ops.delete(t, p.namespace(), p.name(), options(ex), dryRun));
            case "deletecollection" -> deleteCollection(ex, p, q, dryRun);
            default -> throw ApiException.methodNotAllowed(method, ex.getRequestURI().getPath());
        }
    }

    /**
     * Bodies are JSON only. kubectl sends built-in types as protobuf when it can; a 415 (what the
     * real server answers for a media type it does not serve) makes newer clients retry as JSON.
     */
    static void rejectProtobuf(String contentType) {
        if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
            throw ApiException.unsupportedMediaType("the request body is " + contentType
                    + "; this server reads JSON (application/json) bodies only");
        }
    }

    private static String verb(String method, ApiPath p, Map<String, String> q) {
        boolean watch = p.watchPath() || "true".equals(q.get("watch")) || "1".equals(q.get("watch"));
        return switch (method) {
            case "GET" -> p.isCollection() ? (watch ? "watch" : "list") : "get";
            case "POST" -> p.isCollection() ? "create" : "none";
            case "PUT" -> p.isCollection() ? "none" : "update";
            case "PATCH" -> p.isCollection() ? "none" : "patch";
            case "DELETE" -> p.isCollection() ? "deletecollection" : "delete";
            default -> "none";
        };
    }

    private void review(HttpExchange ex, ApiPath p, String method) throws IOException {
        if (!method.equals("POST") || !p.isCollection()) {
            throw ApiException.methodNotAllowed(method, ex.getRequestURI().getPath());
        }
        respond(ex, 201, reviews.answer(p.type(), Json.parseObject(HttpIo.body(ex))));
    }

    private void list(HttpExchange ex, ApiPath p, Map<String, String> q) throws IOException {
        ResourceType t = p.type();
        ObjectStore.Listing listing = selected(p, q);
        String rv = Long.toString(listing.resourceVersion());
        if (HttpIo.wantsTable(ex)) {
            HttpIo.json(ex, 200, new Tables(clock.instant()).table(t, listing.items(), rv, q.get("includeObject"),
                    printerColumns(t)));
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", t.kind() + "List");
        list.put("apiVersion", t.apiVersion());
        list.putObject("metadata").put("resourceVersion", rv);
        ArrayNode items = list.putArray("items");
        listing.items().forEach(items::add);
        HttpIo.json(ex, 200, list);
    }

    private void watch(HttpExchange ex, ApiPath p, Map<String, String> q) throws IOException {
        ResourceType t = p.type();
        WatchFilter filter = filter(p, q);
        String rv = q.getOrDefault("resourceVersion", "");
        Duration timeout = q.containsKey("timeoutSeconds")
                ? Duration.ofSeconds(parseLong(q.get("timeoutSeconds"), "timeoutSeconds")) : DEFAULT_WATCH_TIMEOUT;
        WatchStream stream = new WatchStream(ex, t, "true".equals(q.get("allowWatchBookmarks")), bookmarkInterval,
                timeout, serving);
        if (rv.isEmpty() || rv.equals("0")) {
            ObjectStore.Snapshot snap = store.watchNow(filter);
            stream.run(store, snap.items(), snap.subscription());
            return;
        }
        WatchHub.Subscription sub;
        try {
            sub = store.watchFrom(filter, parseLong(rv, "resourceVersion"));
        } catch (ApiException gone) {
            if (gone.code() != 410) {
                throw gone;
            }
            WatchStream.gone(ex, gone);
            return;
        }
        stream.run(store, List.of(), sub);
    }

    private void deleteCollection(HttpExchange ex, ApiPath p, Map<String, String> q, boolean dryRun)
            throws IOException {
        ResourceType t = p.type();
        ObjectStore.Listing listing = selected(p, q);
        JsonNode options = options(ex);
        ObjectNode list = Json.object();
        list.put("kind", t.kind() + "List");
        list.put("apiVersion", t.apiVersion());
        ArrayNode items = list.putArray("items");
        for (ObjectNode o : listing.items()) {
            JsonNode m = o.path("metadata");
            try {
                JsonNode result = ops.delete(t, Json.text(m, "namespace"), Json.text(m, "name"), options, dryRun);
                items.add(result.path("kind").asText().equals("Status") ? o : result);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e; // one deleted meanwhile is fine; anything else is reported
                }
            }
        }
        list.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
        HttpIo.json(ex, 200, list);
    }

    /** The kind, namespace and selectors a list, watch or deletecollection request asks for. */
    private static WatchFilter filter(ApiPath p, Map<String, String> q) {
        return new WatchFilter(p.type().storageKey(), p.namespace(), LabelSelector.parse(q.get("labelSelector")),
                FieldSelector.parse(q.get("fieldSelector"), p.type().kind()));
    }

    private ObjectStore.Listing selected(ApiPath p, Map<String, String> q) {
        WatchFilter f = filter(p, q);
        return ops.list(p.type(), f.namespace(), f.labels(), f.fields());
    }

    private JsonNode printerColumns(ResourceType t) {
        if (t.builtin()) {
            return Json.MAPPER.createArrayNode();
        }
        ObjectNode crd = store.get(ResourceTypes.CRD_STORAGE_KEY, null, t.plural() + "." + t.group());
        if (crd != null) {
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(t.version())) {
                    return v.path("additionalPrinterColumns");
                }
            }
        }
        return Json.MAPPER.createArrayNode();
    }

    private static JsonNode options(HttpExchange ex) throws IOException {
        byte[] body = HttpIo.body(ex);
        return body.length == 0 ? null : Json.parse(body);
    }

    private static long parseLong(String value, String param) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid " + param + " \"" + value + "\": not an integer");
        }
    }

    private static void respond(HttpExchange ex, int code, ObjectNode body) throws IOException {
        HttpIo.json(ex, code, body);
    }
}
