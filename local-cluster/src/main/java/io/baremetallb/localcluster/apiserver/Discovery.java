package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl and client libraries read: /version, /api, /apis, /apis/G, the resource lists
 * of each group version (CRD kinds included, as they are defined), and an OpenAPI v3 index whose per-group
 * documents list each kind's PATCH operation and its {@code fieldValidation} parameter, which is what kubectl
 * looks for before it lets the server validate fields. Those documents carry no schemas (see README).
 */
public final class Discovery {
    public static final String KUBERNETES_VERSION = "v1.32.0";

    private final ResourceTypes types;

    public Discovery(ResourceTypes types) {
        this.types = types;
    }

    public ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", KUBERNETES_VERSION + "+baremetallb-local-cluster");
        v.put("gitCommit", "local-cluster");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "n/a (Java " + Runtime.version().feature() + ")");
        v.put("compiler", "javac");
        v.put("platform", "linux/amd64");
        return v;
    }

    public ObjectNode coreVersions(String serverAddress) {
        ObjectNode v = Json.object();
        v.put("kind", "APIVersions");
        v.putArray("versions").add("v1");
        ObjectNode addr = v.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", serverAddress);
        return v;
    }

    public ObjectNode groupList() {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(group(group, versions));
            }
        });
        return list;
    }

    /** The APIGroup document of one group, or null when no kind is served in it. */
    public ObjectNode group(String group) {
        List<String> versions = groupVersions().get(group);
        return versions == null || group.isEmpty() ? null : group(group, versions);
    }

    private ObjectNode group(String group, List<String> versions) {
        ObjectNode g = Json.object();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", group + "/" + v);
            gv.put("version", v);
        }
        g.set("preferredVersion", vs.get(0).deepCopy());
        return g;
    }

    /** The APIResourceList of a group version, or null when nothing is served there. */
    public ObjectNode resources(String group, String version) {
        List<ResourceType> served = types.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (served.isEmpty()) {
            return null;
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : served) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            t.verbs().forEach(r.putArray("verbs")::add);
            if (!t.shortNames().isEmpty()) {
                t.shortNames().forEach(r.putArray("shortNames")::add);
            }
            if (t.hasStatus()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/status");
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                s.put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return list;
    }

    /** Group → its versions, in the order kinds were registered. */
    private Map<String, List<String>> groupVersions() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceType t : types.all()) {
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return out;
    }

    /** /openapi/v3: one entry per group version. */
    public ObjectNode openApiIndex() {
        ObjectNode index = Json.object();
        ObjectNode paths = index.putObject("paths");
        groupVersions().forEach((group, versions) -> versions.forEach(v -> {
            String gv = group.isEmpty() ? "api/" + v : "apis/" + group + "/" + v;
            paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + types.all().size());
        }));
        return index;
    }

    /** /openapi/v3/api/v1 or /openapi/v3/apis/G/V: the object paths of each kind and their PATCH parameters. */
    public ObjectNode openApi(String group, String version) {
        if (!types.isGroupVersion(group, version)) {
            return null;
        }
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes (baremetal-lb local-cluster)");
        info.put("version", KUBERNETES_VERSION);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : types.all()) {
            if (t.group().equals(group) && t.version().equals(version) && t.stored()) {
                String prefix = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/");
                paths.putObject(prefix + t.plural() + "/{name}").set("patch", patchOperation(t));
            }
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static ObjectNode patchOperation(ResourceType t) {
        ObjectNode op = Json.object();
        op.put("operationId", "patch" + t.kind());
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group());
        gvk.put("version", t.version());
        gvk.put("kind", t.kind());
        ArrayNode params = op.putArray("parameters");
        for (String p : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
            ObjectNode param = params.addObject();
            param.put("name", p);
            param.put("in", "query");
            param.putObject("schema").put("type", p.equals("force") ? "boolean" : "string");
        }
        ObjectNode content = op.putObject("requestBody").putObject("content");
        content.putObject(Patches.JSON_PATCH);
        content.putObject(Patches.MERGE_PATCH);
        return op;
    }
}
