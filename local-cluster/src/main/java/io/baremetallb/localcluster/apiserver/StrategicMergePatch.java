package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch for the built-in kinds, as kubectl (apply, edit, label, annotate) and client-java send it.
 *
 * <p>Where it differs from the real one: the real server reads each list's merge key from the Go struct tags of
 * the exact field; here the merge key is chosen by the list's field name (table {@link #MERGE_KEYS}), the same for
 * every kind. Lists not in the table are replaced whole, as the real server does for atomic lists. Supported
 * directives: {@code $patch} (merge, replace, delete; on maps and on list elements), {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}.
 */
public final class StrategicMergePatch {
    /** List field name → candidate merge keys, the first one present in the elements wins. */
    static final Map<String, List<String>> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", List.of("name")),
            Map.entry("initContainers", List.of("name")),
            Map.entry("ephemeralContainers", List.of("name")),
            Map.entry("env", List.of("name")),
            Map.entry("volumes", List.of("name")),
            Map.entry("imagePullSecrets", List.of("name")),
            Map.entry("hostAliases", List.of("ip")),
            Map.entry("ports", List.of("containerPort", "port")),
            Map.entry("volumeMounts", List.of("mountPath")),
            Map.entry("volumeDevices", List.of("devicePath")),
            Map.entry("conditions", List.of("type")),
            Map.entry("addresses", List.of("type")),
            Map.entry("ownerReferences", List.of("uid")),
            Map.entry("taints", List.of("key")),
            Map.entry("topologySpreadConstraints", List.of("topologyKey")));

    /** Primitive lists whose strategy is merge (a set union) rather than replace. */
    static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

    private static final String ORDER = "$setElementOrder/";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Returns the patched object; {@code target} is left as it was. */
    public static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        return mergeObject(target.deepCopy(), patch);
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
        String directive = Json.text(patch, "$patch");
        if ("replace".equals(directive)) {
            ObjectNode replaced = patch.deepCopy();
            replaced.remove("$patch");
            return replaced;
        }
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch") || key.equals("$retainKeys") || key.startsWith(ORDER)) {
                continue;
            }
            if (key.startsWith(DELETE_FROM)) {
                deleteFromPrimitiveList(target, key.substring(DELETE_FROM.length()), value);
            } else if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && "delete".equals(Json.text(value, "$patch"))) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode old = target.get(key);
                target.set(key, mergeObject(old instanceof ObjectNode o ? o : Json.object(), (ObjectNode) value));
            } else if (value.isArray()) {
                target.set(key, mergeList(key, target.get(key), (ArrayNode) value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        retainKeys(target, patch.get("$retainKeys"));
        applyOrders(target, patch);
        return target;
    }

    private static JsonNode mergeList(String field, JsonNode old, ArrayNode patch) {
        ArrayNode target = old instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode();
        if (MERGED_PRIMITIVE_LISTS.contains(field)) {
            ArrayNode out = target.deepCopy();
            patch.forEach(v -> {
                if (!contains(out, v)) {
                    out.add(v.deepCopy());
                }
            });
            return out;
        }
        String mergeKey = mergeKey(field, patch, target);
        if (mergeKey == null || replacesWholeList(patch)) {
            return withoutDirectives(patch);
        }
        ArrayNode out = target.deepCopy();
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                return withoutDirectives(patch);
            }
            int at = indexOf(out, mergeKey, element.get(mergeKey));
            if ("delete".equals(Json.text(element, "$patch"))) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, mergeObject((ObjectNode) out.get(at), (ObjectNode) element));
            } else {
                out.add(mergeObject(Json.object(), (ObjectNode) element));
            }
        }
        return out;
    }

    private static String mergeKey(String field, ArrayNode patch, ArrayNode target) {
        for (String key : MERGE_KEYS.getOrDefault(field, List.of())) {
            boolean inPatch = patch.size() > 0 && patch.get(0).has(key);
            boolean inTarget = patch.size() == 0 && target.size() > 0 && target.get(0).has(key);
            if (inPatch || inTarget) {
                return key;
            }
        }
        return null;
    }

    private static boolean replacesWholeList(ArrayNode patch) {
        for (JsonNode e : patch) {
            if (e.isObject() && "replace".equals(Json.text(e, "$patch"))) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode withoutDirectives(ArrayNode patch) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : patch) {
            if (e.isObject() && e.has("$patch")) {
                continue;
            }
            out.add(e.deepCopy());
        }
        return out;
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        if (!(target.get(field) instanceof ArrayNode list)) {
            return;
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        list.forEach(v -> {
            if (!contains(values, v)) {
                kept.add(v);
            }
        });
        target.set(field, kept);
    }

    private static void retainKeys(ObjectNode target, JsonNode keys) {
        if (keys == null || !keys.isArray()) {
            return;
        }
        List<String> keep = new ArrayList<>();
        keys.forEach(k -> keep.add(k.asText()));
        target.retain(keep);
    }

    /** Reorders merged lists as {@code $setElementOrder/<list>} says; elements it does not name keep their place after. */
    private static void applyOrders(ObjectNode target, ObjectNode patch) {
        patch.fieldNames().forEachRemaining(key -> {
            if (!key.startsWith(ORDER) || !(target.get(key.substring(ORDER.length())) instanceof ArrayNode list)) {
                return;
            }
            ArrayNode order = (ArrayNode) patch.get(key);
            String mergeKey = mergeKey(key.substring(ORDER.length()), order, list);
            ArrayNode sorted = Json.MAPPER.createArrayNode();
            ArrayNode rest = list.deepCopy();
            for (JsonNode wanted : order) {
                int at = mergeKey == null ? indexOfValue(rest, wanted) : indexOf(rest, mergeKey, wanted.get(mergeKey));
                if (at >= 0) {
                    sorted.add(rest.remove(at));
                }
            }
            sorted.addAll(rest);
            target.set(key.substring(ORDER.length()), sorted);
        });
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i).get(key);
            if (v != null && value != null && v.asText().equals(value.asText())) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfValue(ArrayNode list, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
