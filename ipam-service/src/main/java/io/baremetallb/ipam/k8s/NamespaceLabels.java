package io.baremetallb.ipam.k8s;

import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Namespace;
import java.util.HashMap;
import java.util.Map;

/** A namespace's labels for namespace selectors, always with {@code kubernetes.io/metadata.name}. */
final class NamespaceLabels {
  private NamespaceLabels() {
  }

  static Map<String, String> of(Lister<V1Namespace> namespaces, String namespace) {
    V1Namespace ns = namespaces.get(namespace);
    Map<String, String> labels = ns == null || ns.getMetadata() == null || ns.getMetadata().getLabels() == null
        ? Map.of() : ns.getMetadata().getLabels();
    if (labels.containsKey("kubernetes.io/metadata.name")) {
      return labels;
    }
    Map<String, String> withName = new HashMap<>(labels);
    withName.put("kubernetes.io/metadata.name", namespace);
    return withName;
  }
}
