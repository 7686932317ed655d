package io.baremetallb.ipam.k8s;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;

/** {@link ServiceStatusWriter} through client-java: merge patches on {@code /status} and for the annotation. */
public final class KubernetesServiceWriter implements ServiceStatusWriter {
  private final ApiWrites writes;

  public KubernetesServiceWriter(ApiClient client) {
    this.writes = new ApiWrites(client);
  }

  /**
   * A JSON merge patch (RFC 7396) on the status subresource that carries only the ingress list and
   * the observed resourceVersion: the API server still refuses it with 409 when the Service changed
   * since it was read, but parses a few hundred bytes instead of the whole Service, which counts
   * when thousands of Services are created at once. Conditions and the rest of the status stay. The
   * pool annotation rides along, so an allocation is one write, not two. The answer (the whole
   * Service) is not decoded: the informer brings the new state anyway.
   */
  @Override
  public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
    com.google.gson.JsonArray ingress = new com.google.gson.JsonArray();
    for (IpAddress ip : ips) {
      JsonObject entry = new JsonObject();
      entry.addProperty("ip", ip.toString());
      ingress.add(entry);
    }
    JsonObject loadBalancer = new JsonObject();
    loadBalancer.add("ingress", ingress);
    JsonObject status = new JsonObject();
    status.add("loadBalancer", loadBalancer);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("resourceVersion", observed.getMetadata().getResourceVersion());
    if (ips.isEmpty() || pool.isPresent()) {
      metadata.add("annotations", poolAnnotation(ips.isEmpty() ? Optional.empty() : pool));
    }
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    patch.add("status", status);
    try {
      writes.mergePatch(writes.corePath(namespace(observed), "services", name(observed), "status"), patch.toString());
    } catch (ApiException e) {
      throw failure("writing status.loadBalancer of", observed, e);
    }
  }

  @Override
  public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
    JsonObject metadata = new JsonObject();
    metadata.add("annotations", poolAnnotation(pool));
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    try {
      writes.mergePatch(writes.corePath(namespace(observed), "services", name(observed), null), patch.toString());
    } catch (ApiException e) {
      throw failure("annotating", observed, e);
    }
  }

  /** {@code {"metallb.io/ip-allocated-from-pool": pool}}, or {@code null} as the value to remove it. */
  private static JsonObject poolAnnotation(Optional<String> pool) {
    JsonObject annotations = new JsonObject();
    annotations.add(ServiceReconciler.POOL_ANNOTATION,
        pool.<com.google.gson.JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    return annotations;
  }

  private static WriteException failure(String op, V1Service svc, ApiException e) {
    return new WriteException(op + " Service " + namespace(svc) + "/" + name(svc) + ": HTTP " + e.getCode()
        + " " + Optional.ofNullable(e.getResponseBody()).orElse(String.valueOf(e.getMessage())), e.getCode() == 409, e);
  }

  private static String name(V1Service s) {
    return s.getMetadata().getName();
  }

  private static String namespace(V1Service s) {
    return s.getMetadata().getNamespace();
  }
}
