package io.baremetallb.announcer.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code metallb.io} resource as the informer stores it: typed metadata, the spec as JSON. (Used
 * instead of client-java's DynamicKubernetesObject, whose list type loses the list's metadata and
 * so breaks the informer's resourceVersion bookkeeping.) The IPAM has the same class
 * (io.baremetallb.ipam.k8s.MetallbObject): shared-model stays free of client-java (DESIGN.md), and
 * no other module is shared by both services.
 */
public final class MetallbObject implements KubernetesObject {
  private String apiVersion;
  private String kind;
  private V1ObjectMeta metadata;
  private JsonObject spec;

  public MetallbObject() {
  }

  public MetallbObject(String apiVersion, String kind, V1ObjectMeta metadata, JsonObject spec) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.metadata = metadata;
    this.spec = spec;
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  /** What the config parser reads: apiVersion, kind, name, namespace, labels and spec. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("apiVersion", apiVersion);
    o.addProperty("kind", kind);
    JsonObject m = new JsonObject();
    if (metadata != null) {
      m.addProperty("name", metadata.getName());
      m.addProperty("namespace", metadata.getNamespace());
      if (metadata.getLabels() != null && !metadata.getLabels().isEmpty()) {
        JsonObject labels = new JsonObject();
        for (Map.Entry<String, String> e : metadata.getLabels().entrySet()) {
          labels.addProperty(e.getKey(), e.getValue());
        }
        m.add("labels", labels);
      }
    }
    o.add("metadata", m);
    if (spec != null) {
      o.add("spec", spec);
    }
    return o.toString();
  }

  /** The list type the informer lists with. */
  public static final class List_ implements KubernetesListObject {
    private String apiVersion;
    private String kind;
    private V1ListMeta metadata;
    private List<MetallbObject> items = new ArrayList<>();

    @Override
    public V1ListMeta getMetadata() {
      return metadata;
    }

    @Override
    public List<MetallbObject> getItems() {
      return items;
    }

    @Override
    public String getApiVersion() {
      return apiVersion;
    }

    @Override
    public String getKind() {
      return kind;
    }
  }
}
