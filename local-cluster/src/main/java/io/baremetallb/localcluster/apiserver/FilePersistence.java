package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --data-dir}: one JSON file per object, {@code <dir>/objects/<kind>/<namespace>~<name>.json}, written
 * atomically (temporary file, then rename) on every change, and the resourceVersion counter in
 * {@code <dir>/resourceVersion}, so a restarted server finds every object and never hands out a resourceVersion twice.
 */
public final class FilePersistence implements ObjectStore.Listener {
    /** An object read back from disk. */
    public record Loaded(String storageKey, ObjectNode object, long resourceVersion) {
    }

    private final Path objects;
    private final Path counter;

    public FilePersistence(Path dataDir) {
        this.objects = dataDir.resolve("objects");
        this.counter = dataDir.resolve("resourceVersion");
    }

    /** The last resourceVersion handed out before the restart (0 for a new data dir). */
    public long resourceVersion() throws IOException {
        if (!Files.exists(counter)) {
            return 0;
        }
        String text = Files.readString(counter).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(counter + " should hold a number, holds \"" + text + "\"", e);
        }
    }

    public List<Loaded> load() throws IOException {
        List<Loaded> out = new ArrayList<>();
        if (!Files.isDirectory(objects)) {
            return out;
        }
        try (Stream<Path> kinds = Files.list(objects)) {
            for (Path kindDir : kinds.filter(Files::isDirectory).toList()) {
                String key = decode(kindDir.getFileName().toString());
                try (Stream<Path> files = Files.list(kindDir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                        ObjectNode o = readObject(f);
                        out.add(new Loaded(key, o, o.path("metadata").path("resourceVersion").asLong(0)));
                    }
                }
            }
        }
        return out;
    }

    private static ObjectNode readObject(Path f) throws IOException {
        try {
            return Json.parseObject(Files.readAllBytes(f));
        } catch (ApiException e) {
            throw new IOException("data dir file " + f + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    @Override
    public void stored(String storageKey, ObjectNode object, long resourceVersion) {
        Path file = file(storageKey, object);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.bytes(object));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writeCounter(resourceVersion);
        } catch (IOException e) {
            throw new UncheckedIOException("persisting " + storageKey + " to " + file, e);
        }
    }

    private void writeCounter(long resourceVersion) throws IOException {
        Path tmp = counter.resolveSibling("resourceVersion.tmp");
        Files.writeString(tmp, Long.toString(resourceVersion));
        Files.move(tmp, counter, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void removed(String storageKey, ObjectNode object, long resourceVersion) {
        Path file = file(storageKey, object);
        try {
            Files.deleteIfExists(file);
            writeCounter(resourceVersion);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + file, e);
        }
    }

    private Path file(String storageKey, ObjectNode object) {
        String ns = object.path("metadata").path("namespace").asText("");
        String name = object.path("metadata").path("name").asText();
        return objects.resolve(encode(storageKey)).resolve(encode(ns) + "~" + encode(name) + ".json");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The listener used without a data dir. */
    public static final ObjectStore.Listener NONE = new ObjectStore.Listener() {
        @Override
        public void stored(String storageKey, ObjectNode object, long resourceVersion) {
        }

        @Override
        public void removed(String storageKey, ObjectNode object, long resourceVersion) {
        }
    };
}
