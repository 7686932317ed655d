package io.baremetallb.helm;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.nodes.Tag;

/** Splits multi-document YAML into JSON objects, the way the API server would see them. */
final class Manifests {
    private static final Gson GSON = new Gson();

    private Manifests() {
    }

    /** Every non-empty document of {@code yaml}, in order. */
    static List<JsonObject> parse(String yaml) {
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                new DumperOptions(), new StringTimestamps());
        List<JsonObject> documents = new ArrayList<>();
        for (Object document : parser.loadAll(yaml)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map)) {
                throw new IllegalArgumentException("a YAML document is not an object: " + document);
            }
            documents.add(GSON.toJsonTree(document).getAsJsonObject());
        }
        return documents;
    }

    static List<JsonObject> parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** "Kind/namespace/name" (namespace empty for cluster-scoped objects), for messages. */
    static String id(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        String namespace = metadata.has("namespace") ? metadata.get("namespace").getAsString() : "";
        return object.get("kind").getAsString() + "/" + namespace + "/" + metadata.get("name").getAsString();
    }

    /** Keeps RFC 3339 times as strings, as Kubernetes does (SnakeYAML would make them Dates). */
    private static final class StringTimestamps extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
