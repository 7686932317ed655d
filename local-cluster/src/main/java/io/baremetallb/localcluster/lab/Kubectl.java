package io.baremetallb.localcluster.lab;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab's only way into the API server: {@code kubectl --kubeconfig K}, so it depends on nothing
 * but the standard API. Objects are client-java models.
 */
final class Kubectl implements ClusterWriter {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Gson GSON = new GsonBuilder()
      .registerTypeAdapter(OffsetDateTime.class, (JsonSerializer<OffsetDateTime>) (time, type, context) ->
          new JsonPrimitive(DateTimeFormatter.ISO_INSTANT.format(time)))
      .create();

  private final String binary;
  private final Path kubeconfig;

  Kubectl(String binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /**
   * {@code kubectl apply -f -} with a v1 List of the objects. Status is not written by apply (the
   * API server keeps it apart); see {@link #patchStatus}. {@code --validate=false}: the objects come
   * from typed models, and the embedded API server need not serve an OpenAPI document.
   */
  @Override
  public void apply(List<?> objects) {
    JsonArray items = new JsonArray();
    objects.forEach(o -> items.add(toJson(o)));
    JsonObject list = new JsonObject();
    list.addProperty("apiVersion", "v1");
    list.addProperty("kind", "List");
    list.add("items", items);
    run(list.toString(), "apply", "--validate=false", "-f", "-");
  }

  /** A JSON merge patch of the status subresource, {@code body} being e.g. {@code new V1Node().status(s)}. */
  @Override
  public void patchStatus(String resource, String namespace, String name, Object body) {
    List<String> args = new ArrayList<>(List.of("patch", resource, name, "--subresource=status",
        "--type=merge", "-p", toJson(body).toString()));
    if (namespace != null) {
      args.addAll(List.of("-n", namespace));
    }
    run(null, args.toArray(String[]::new));
  }

  @Override
  public void deleteSelected(String resource, String namespace, String labelSelector) {
    run(null, "delete", resource, "-n", namespace, "-l", labelSelector, "--ignore-not-found", "--wait=false");
  }

  /**
   * A client-java model as the API server reads it. Plain Gson over the models' {@code @SerializedName}
   * fields, with RFC 3339 times: client-java's own {@code JSON} registers an adapter for every model
   * it has, which takes seconds per JVM, and lab.sh starts a JVM per command.
   */
  static JsonElement toJson(Object model) {
    return omitEmpty(GSON.toJsonTree(model));
  }

  /**
   * client-java's models start every list and map empty, and Gson writes them out. Go's
   * {@code omitempty} leaves them out, and must here: an empty {@code finalizers} in an apply or a
   * merge patch would remove what others put there. None of the lab's objects needs an empty
   * object or list to mean something (as {@code emptyDir: {}} would).
   */
  static JsonElement omitEmpty(JsonElement element) {
    if (element.isJsonObject()) {
      JsonObject compact = new JsonObject();
      for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
        JsonElement value = omitEmpty(member.getValue());
        if (!isEmpty(value)) {
          compact.add(member.getKey(), value);
        }
      }
      return compact;
    }
    if (element.isJsonArray()) {
      JsonArray compact = new JsonArray();
      element.getAsJsonArray().forEach(item -> compact.add(omitEmpty(item)));
      return compact;
    }
    return element;
  }

  private static boolean isEmpty(JsonElement value) {
    return value.isJsonNull() || (value.isJsonObject() && value.getAsJsonObject().size() == 0)
        || (value.isJsonArray() && value.getAsJsonArray().isEmpty());
  }

  private ExecResult run(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig", kubeconfig.toString(),
        "--request-timeout=30s"));
    command.addAll(List.of(args));
    return Commands.run(command, Map.of(), stdin, TIMEOUT).orThrow();
  }
}
