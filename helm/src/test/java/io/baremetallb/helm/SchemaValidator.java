package io.baremetallb.helm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a custom object against a CRD's structural OpenAPI v3 schema the way the API server
 * would (types, required, enum, pattern, lengths, bounds, date-time, list-type set) and, stricter
 * than the server, reports fields the schema does not name instead of pruning them. CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 */
final class SchemaValidator {
    private SchemaValidator() {
    }

    /** Every violation, each prefixed with its JSON path; empty when the object is valid. */
    static List<String> validate(JsonObject object, JsonObject schema) {
        List<String> errors = new ArrayList<>();
        check(object, schema, "", errors);
        return errors;
    }

    private static void check(JsonElement value, JsonObject schema, String path, List<String> errors) {
        if (value == null || value.isJsonNull()) {
            if (!bool(schema, "nullable")) {
                errors.add(path + ": null is not allowed");
            }
            return;
        }
        if (schema.has("enum") && !contains(schema.getAsJsonArray("enum"), value)) {
            errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        String type = schema.has("type") ? schema.get("type").getAsString() : "";
        switch (type) {
            case "object" -> checkObject(value, schema, path, errors);
            case "array" -> checkArray(value, schema, path, errors);
            case "string" -> checkString(value, schema, path, errors);
            case "integer", "number" -> checkNumber(value, schema, type, path, errors);
            case "boolean" -> {
                if (!isPrimitive(value) || !value.getAsJsonPrimitive().isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + value);
                }
            }
            default -> errors.add(path + ": schema has no type");
        }
    }

    private static void checkObject(JsonElement value, JsonObject schema, String path, List<String> errors) {
        if (!value.isJsonObject()) {
            errors.add(path + ": expected an object, got " + value);
            return;
        }
        JsonObject object = value.getAsJsonObject();
        if (path.equals(".metadata") || bool(schema, "x-kubernetes-preserve-unknown-fields")) {
            return; // the API server validates metadata itself
        }
        if (schema.has("required")) {
            for (JsonElement name : schema.getAsJsonArray("required")) {
                if (!object.has(name.getAsString())) {
                    errors.add(path + ": required field " + name.getAsString() + " is missing");
                }
            }
        }
        JsonObject properties = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
        JsonObject additional = schema.has("additionalProperties") && schema.get("additionalProperties").isJsonObject()
                ? schema.getAsJsonObject("additionalProperties") : null;
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.getAsJsonObject(field.getKey()), fieldPath, errors);
            } else if (additional != null) {
                check(field.getValue(), additional, fieldPath, errors);
            } else {
                errors.add(fieldPath + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static void checkArray(JsonElement value, JsonObject schema, String path, List<String> errors) {
        if (!value.isJsonArray()) {
            errors.add(path + ": expected an array, got " + value);
            return;
        }
        JsonArray array = value.getAsJsonArray();
        bound(array.size(), schema, "minItems", "maxItems", path + ": item count", errors);
        JsonObject items = schema.getAsJsonObject("items");
        Set<JsonElement> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            check(array.get(i), items, path + "[" + i + "]", errors);
            if ("set".equals(string(schema, "x-kubernetes-list-type")) && !seen.add(array.get(i))) {
                errors.add(path + "[" + i + "]: duplicate " + array.get(i) + " in a list of type set");
            }
        }
    }

    private static void checkString(JsonElement value, JsonObject schema, String path, List<String> errors) {
        if (!isPrimitive(value) || !value.getAsJsonPrimitive().isString()) {
            errors.add(path + ": expected a string, got " + value);
            return;
        }
        String text = value.getAsString();
        bound(text.codePointCount(0, text.length()), schema, "minLength", "maxLength", path + ": length", errors);
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").getAsString()).matcher(text).find()) {
            errors.add(path + ": '" + text + "' does not match " + schema.get("pattern").getAsString());
        }
        if ("date-time".equals(string(schema, "format"))) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                errors.add(path + ": '" + text + "' is not an RFC 3339 date-time");
            }
        }
    }

    private static void checkNumber(JsonElement value, JsonObject schema, String type, String path,
            List<String> errors) {
        if (!isPrimitive(value) || !value.getAsJsonPrimitive().isNumber()) {
            errors.add(path + ": expected " + type + ", got " + value);
            return;
        }
        BigDecimal number = value.getAsBigDecimal();
        if (type.equals("integer") && number.stripTrailingZeros().scale() > 0) {
            errors.add(path + ": expected an integer, got " + number);
        }
        if (schema.has("minimum") && number.compareTo(schema.get("minimum").getAsBigDecimal()) < 0) {
            errors.add(path + ": " + number + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && number.compareTo(schema.get("maximum").getAsBigDecimal()) > 0) {
            errors.add(path + ": " + number + " is above the maximum " + schema.get("maximum"));
        }
    }

    private static void bound(int actual, JsonObject schema, String min, String max, String what,
            List<String> errors) {
        if (schema.has(min) && actual < schema.get(min).getAsInt()) {
            errors.add(what + " " + actual + " is below " + min + " " + schema.get(min));
        }
        if (schema.has(max) && actual > schema.get(max).getAsInt()) {
            errors.add(what + " " + actual + " is above " + max + " " + schema.get(max));
        }
    }

    private static boolean contains(JsonArray values, JsonElement value) {
        for (JsonElement candidate : values) {
            if (candidate.equals(value) || isPrimitive(candidate) && isPrimitive(value)
                    && candidate.getAsString().equals(value.getAsString())
                    && candidate.getAsJsonPrimitive().isString() == value.getAsJsonPrimitive().isString()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrimitive(JsonElement value) {
        return value instanceof JsonPrimitive;
    }

    private static boolean bool(JsonObject schema, String key) {
        return schema.has(key) && schema.get(key).getAsBoolean();
    }

    private static String string(JsonObject schema, String key) {
        return schema.has(key) ? schema.get(key).getAsString() : null;
    }
}
