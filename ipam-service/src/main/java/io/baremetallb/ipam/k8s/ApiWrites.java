package io.baremetallb.ipam.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Writes whose answer the controller does not read: a merge patch or a create sent as JSON text on the
 * client's own HTTP client (its TLS, its interceptors) with its credentials and default headers, the response
 * body closed unread.
 *
 * <p>Two costs of client-java's typed calls are avoided, both measured at thousands of Services: decoding every
 * answer into a model (a whole Service per status patch, a fifth of the IPAM service's CPU), and
 * {@link ApiClient#buildCall}'s URL handling: it formats the URL as text and parses it twice per request, host
 * canonicalisation included, which was a third of the cost of writing an Event. Here the base URL is parsed
 * once and each request appends its escaped path segments to it.
 */
final class ApiWrites {
  static final String MERGE_PATCH = "application/merge-patch+json";
  private static final MediaType MERGE_PATCH_TYPE = MediaType.get(MERGE_PATCH);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String[] AUTH = {"BearerToken"};

  private final ApiClient client;
  private final HttpUrl base;

  ApiWrites(ApiClient client) {
    this.client = client;
    HttpUrl parsed = HttpUrl.parse(client.getBasePath());
    if (parsed == null) {
      throw new IllegalArgumentException("the Kubernetes client's base path is not an http(s) URL: "
          + client.getBasePath());
    }
    this.base = parsed;
  }

  /** {@code PATCH url} with a JSON merge patch (RFC 7396); throws with the server's status on refusal. */
  void mergePatch(HttpUrl url, String json) throws ApiException {
    send("PATCH", url, json, MERGE_PATCH_TYPE);
  }

  /** {@code POST url} with a JSON object (a create). */
  void post(HttpUrl url, String json) throws ApiException {
    send("POST", url, json, JSON_TYPE);
  }

  /** {@code BASE/api/v1/namespaces/NS/PLURAL[/NAME[/SUB]]}; each part is one path segment, escaped. */
  HttpUrl corePath(String namespace, String plural, String name, String subresource) {
    return path(base.newBuilder().addPathSegments("api/v1"), namespace, plural, name, subresource);
  }

  /** {@code BASE/apis/GROUP/VERSION/namespaces/NS/PLURAL[/NAME[/SUB]]}, escaped as {@link #corePath}. */
  HttpUrl groupPath(String group, String version, String namespace, String plural, String name, String subresource) {
    return path(base.newBuilder().addPathSegment("apis").addPathSegment(group).addPathSegment(version), namespace,
        plural, name, subresource);
  }

  private static HttpUrl path(HttpUrl.Builder b, String namespace, String plural, String name, String subresource) {
    b.addPathSegment("namespaces").addPathSegment(namespace).addPathSegment(plural);
    if (name != null) {
      b.addPathSegment(name);
    }
    if (subresource != null) {
      b.addPathSegment(subresource);
    }
    return b.build();
  }

  private void send(String method, HttpUrl url, String json, MediaType type) throws ApiException {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", type.toString());
    headers.put("Accept", "application/json");
    Map<String, String> cookies = new HashMap<>();
    // the same step buildCall takes: the configured credentials (a bearer token) go into the headers
    client.updateParamsForAuth(AUTH, List.of(), headers, cookies, json, method, URI.create(url.toString()));
    Request.Builder request = new Request.Builder().url(url);
    client.processHeaderParams(headers, request);
    client.processCookieParams(cookies, request);
    request.method(method, RequestBody.create(json.getBytes(StandardCharsets.UTF_8), type));
    client.execute(client.getHttpClient().newCall(request.build()));
  }
}
