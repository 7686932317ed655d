package io.baremetallb.ipam.k8s;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import io.kubernetes.client.util.PatchUtils;
import java.util.List;
import java.util.Optional;

/** {@link ServiceStatusWriter} through client-java: PUT on {@code /status}, merge patch for the annotation. */
public final class KubernetesServiceWriter implements ServiceStatusWriter {
  private final ApiClient client;
  private final CoreV1Api api;

  public KubernetesServiceWriter(ApiClient client) {
    this.client = client;
    this.api = new CoreV1Api(client);
  }

  @Override
  public void writeIngress(V1Service observed, List<IpAddress> ips) throws WriteException {
    // A new object that shares the observed metadata and spec (never mutate the informer's copy);
    // the observed resourceVersion makes a concurrent change a 409 instead of a lost update.
    V1ServiceStatus status = observed.getStatus() == null ? new V1ServiceStatus() : observed.getStatus();
    V1Service body = new V1Service().apiVersion("v1").kind("Service")
        .metadata(observed.getMetadata()).spec(observed.getSpec())
        .status(new V1ServiceStatus().conditions(status.getConditions()).loadBalancer(new V1LoadBalancerStatus()
            .ingress(ips.stream().map(ip -> new V1LoadBalancerIngress().ip(ip.toString())).toList())));
    try {
      api.replaceNamespacedServiceStatus(name(observed), namespace(observed), body).execute();
    } catch (ApiException e) {
      throw failure("writing status.loadBalancer of", observed, e);
    }
  }

  @Override
  public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
    JsonObject annotations = new JsonObject();
    annotations.add(ServiceReconciler.POOL_ANNOTATION,
        pool.<com.google.gson.JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    JsonObject metadata = new JsonObject();
    metadata.add("annotations", annotations);
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    try {
      PatchUtils.patch(V1Service.class,
          () -> api.patchNamespacedService(name(observed), namespace(observed), new V1Patch(patch.toString())).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    } catch (ApiException e) {
      throw failure("annotating", observed, e);
    }
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
