package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON patch, RFC 6902: add, remove, replace, move, copy and test, addressed by JSON pointers (RFC 6901).
 * A failing operation is a 422 naming the operation and its path; the target is never half-patched.
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    public static JsonNode apply(JsonNode target, JsonNode ops) {
        if (!ops.isArray()) {
            throw invalid("a JSON patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        int index = 0;
        for (JsonNode op : ops) {
            doc = applyOne(doc, op, index++);
        }
        return doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op, int index) {
        String kind = op.path("op").asText("");
        String path = required(op, "path", index);
        return switch (kind) {
            case "add" -> add(doc, path, value(op, index), index);
            case "remove" -> remove(doc, path, index);
            case "replace" -> add(remove(doc, path, index), path, value(op, index), index);
            case "move" -> {
                String from = required(op, "from", index);
                JsonNode moved = get(doc, from, index);
                yield add(remove(doc, from, index), path, moved, index);
            }
            case "copy" -> add(doc, path, get(doc, required(op, "from", index), index).deepCopy(), index);
            case "test" -> {
                if (!get(doc, path, index).equals(value(op, index))) {
                    throw invalid("operation " + index + " (test " + path + "): value differs");
                }
                yield doc;
            }
            default -> throw invalid("operation " + index + ": unknown op \"" + kind + "\"");
        };
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value, int index) {
        if (path.isEmpty()) {
            return value;
        }
        List<String> tokens = tokens(path);
        JsonNode parent = walk(doc, tokens.subList(0, tokens.size() - 1), path, index);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            int at = "-".equals(last) ? a.size() : arrayIndex(last, a.size() + 1, path, index);
            a.insert(at, value);
        } else {
            throw invalid("operation " + index + " (" + path + "): parent is not a container");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path, int index) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            throw invalid("operation " + index + ": cannot remove the whole document");
        }
        JsonNode parent = walk(doc, tokens.subList(0, tokens.size() - 1), path, index);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(arrayIndex(last, a.size(), path, index));
        } else {
            throw invalid("operation " + index + " (" + path + "): no such member to remove");
        }
        return doc;
    }

    private static JsonNode get(JsonNode doc, String path, int index) {
        return walk(doc, tokens(path), path, index);
    }

    private static JsonNode walk(JsonNode doc, List<String> tokens, String path, int index) {
        JsonNode cur = doc;
        for (String t : tokens) {
            JsonNode next = cur.isArray() ? cur.get(arrayIndex(t, cur.size(), path, index)) : cur.get(t);
            if (next == null) {
                throw invalid("operation " + index + " (" + path + "): path does not exist");
            }
            cur = next;
        }
        return cur;
    }

    private static int arrayIndex(String token, int bound, String path, int index) {
        try {
            int i = Integer.parseInt(token);
            if (i >= 0 && i < bound) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("operation " + index + " (" + path + "): bad array index \"" + token + "\"");
    }

    static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        if (!pointer.startsWith("/")) {
            throw invalid("JSON pointer must start with '/': " + pointer);
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static String required(JsonNode op, String field, int index) {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid("operation " + index + ": missing \"" + field + "\"");
        }
        return v.asText();
    }

    private static JsonNode value(JsonNode op, int index) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw invalid("operation " + index + ": missing \"value\"");
        }
        return v.deepCopy();
    }

    private static ApiException invalid(String message) {
        return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: "
                + message, null, null);
    }
}
