package io.baremetallb.localcluster.lab;

import java.util.List;

/** What the lab writes to an API server; {@link Kubectl} does it through kubectl. */
interface ClusterWriter {

  /** Creates or updates the objects (client-java models with apiVersion and kind set). */
  void apply(List<?> objects);

  /** Merge-patches the status subresource of one object; namespace is null for cluster-scoped ones. */
  void patchStatus(String resource, String namespace, String name, Object body);

  /** Deletes the objects of a resource in a namespace that match a label selector. */
  void deleteSelected(String resource, String namespace, String labelSelector);
}
