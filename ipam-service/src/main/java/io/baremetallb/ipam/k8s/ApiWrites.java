package io.baremetallb.ipam.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes whose answer the controller does not read: a merge patch or a create sent as JSON text through
 * the client's own call building (base path, credentials, TLS), with the response body closed unread.
 * client-java's typed calls decode every answer into a model object (a whole Service for each status
 * patch); at thousands of Services that decoding was a fifth of the IPAM service's CPU.
 */
final class ApiWrites {
  static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String[] AUTH = {"BearerToken"};

  private final ApiClient client;

  ApiWrites(ApiClient client) {
    this.client = client;
  }

  /** {@code PATCH path} with a JSON merge patch (RFC 7396); throws with the server's status on refusal. */
  void mergePatch(String path, String json) throws ApiException {
    send("PATCH", path, json, MERGE_PATCH);
  }

  /** {@code POST path} with a JSON object (a create). */
  void post(String path, String json) throws ApiException {
    send("POST", path, json, "application/json");
  }

  /** {@code /api/v1/namespaces/NS/PLURAL/NAME[/SUB]}, the parts escaped. */
  String corePath(String namespace, String plural, String name, String subresource) {
    StringBuilder b = new StringBuilder("/api/v1/namespaces/").append(client.escapeString(namespace)).append('/')
        .append(plural);
    if (name != null) {
      b.append('/').append(client.escapeString(name));
    }
    if (subresource != null) {
      b.append('/').append(subresource);
    }
    return b.toString();
  }

  private void send(String method, String path, String json, String contentType) throws ApiException {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Accept", "application/json");
    List<Pair> none = List.of();
    client.execute(client.buildCall(client.getBasePath(), path, method, none, none,
        json.getBytes(StandardCharsets.UTF_8), headers, Map.of(), Map.of(), AUTH, null));
  }
}
