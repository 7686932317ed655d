package io.baremetallb.helm;

import com.google.gson.JsonObject;
import java.util.List;

/** The objects one rendering of the chart produced, with lookups by kind and name. */
record Rendered(String valueSet, List<JsonObject> objects, long templateMillis) {

    /** Value sets under src/test/resources/values, plus "default" (the chart's values.yaml alone). */
    static final List<String> VALUE_SETS = List.of("default", "layer2", "bgp", "legacy", "everything");

    static Rendered of(String valueSet) {
        long start = System.nanoTime();
        String yaml = valueSet.equals("default") ? Chart.template() : Chart.template(valueSet + ".yaml");
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Rendered(valueSet, Manifests.parse(yaml), millis);
    }

    List<JsonObject> ofKind(String kind) {
        return objects.stream().filter(o -> o.get("kind").getAsString().equals(kind)).toList();
    }

    /** The single object of this kind whose name ends with {@code nameSuffix}. */
    JsonObject one(String kind, String nameSuffix) {
        List<JsonObject> found = ofKind(kind).stream()
                .filter(o -> o.getAsJsonObject("metadata").get("name").getAsString().endsWith(nameSuffix)).toList();
        if (found.size() != 1) {
            throw new AssertionError(valueSet + ": " + found.size() + " " + kind + " named *" + nameSuffix);
        }
        return found.get(0);
    }

    <T> T one(String kind, String nameSuffix, Class<T> model) {
        return KubeModels.parseStrict(one(kind, nameSuffix), model);
    }

    @Override
    public String toString() {
        return valueSet;
    }
}
