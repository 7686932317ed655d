package io.baremetallb.announcer.k8s;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * MetalLB's {@code ServiceL2Status} objects of this node: one per Service whose IP this node
 * answers for, in the installation's namespace, labelled {@code metallb.io/node},
 * {@code metallb.io/service-name} and {@code metallb.io/service-namespace} (MetalLB's labels, so
 * {@code kubectl get servicel2statuses -l metallb.io/service-name=web} works as with MetalLB), with
 * the node, the Service and the interfaces in its status. Objects of this node that no longer
 * match are deleted; the first sync also removes what a previous run of this node left behind.
 * Not thread-safe: call it from one thread (the controller's).
 */
public final class ServiceL2Statuses {
  private static final Logger LOG = Logger.getLogger(ServiceL2Statuses.class.getName());
  static final String GROUP = "metallb.io";
  static final String VERSION = "v1beta1";
  static final String PLURAL = "servicel2statuses";
  static final String NODE_LABEL = "metallb.io/node";
  static final String NAME_LABEL = "metallb.io/service-name";
  static final String NAMESPACE_LABEL = "metallb.io/service-namespace";

  /** What one status object says: the Service and the interfaces its IPs are answered on. */
  public record Wanted(String serviceNamespace, String serviceName, List<String> interfaces) {
    public Wanted {
      interfaces = List.copyOf(new TreeSet<>(interfaces));
    }

    String key() {
      return serviceNamespace + "/" + serviceName;
    }
  }

  private final ApiClient client;
  private final CustomObjectsApi api;
  private final String namespace;
  private final String node;
  /** Service key → the object we wrote (its name) and what it says. */
  private final Map<String, Map.Entry<String, Wanted>> written = new HashMap<>();
  private boolean loaded;

  public ServiceL2Statuses(ApiClient client, String namespace, String node) {
    this.client = client;
    this.api = new CustomObjectsApi(client);
    this.namespace = namespace;
    this.node = node;
  }

  /**
   * Pure: the statuses this node should have, one per Service of ours holding an owned IP.
   *
   * @param interfacesOf the interfaces an owned IP is answered on now
   */
  public static SortedMap<String, Wanted> wanted(Collection<V1Service> ours, Set<IpAddress> owned,
      Function<IpAddress, Collection<String>> interfacesOf) {
    SortedMap<String, Wanted> out = new TreeMap<>();
    for (V1Service s : ours) {
      Set<String> ifaces = new TreeSet<>();
      boolean mine = false;
      for (IpAddress ip : DemandBuilder.ingressIps(s)) {
        if (owned.contains(ip)) {
          mine = true;
          ifaces.addAll(interfacesOf.apply(ip));
        }
      }
      if (mine) {
        Wanted w = new Wanted(s.getMetadata().getNamespace(), s.getMetadata().getName(), List.copyOf(ifaces));
        out.put(w.key(), w);
      }
    }
    return out;
  }

  /** Makes the cluster's objects of this node match {@code wanted}; failures are logged and retried next time. */
  public void sync(SortedMap<String, Wanted> wanted) {
    if (!loaded && !load()) {
      return;
    }
    for (String key : new ArrayList<>(written.keySet())) {
      if (!wanted.containsKey(key)) {
        delete(key);
      }
    }
    wanted.forEach((key, w) -> {
      Map.Entry<String, Wanted> have = written.get(key);
      if (have == null) {
        create(w);
      } else if (!have.getValue().equals(w)) {
        writeStatus(have.getKey(), w);
      }
    });
  }

  /** The objects this node has written, by Service key. */
  public Map<String, Wanted> written() {
    Map<String, Wanted> out = new TreeMap<>();
    written.forEach((k, e) -> out.put(k, e.getValue()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private boolean load() {
    try {
      Map<String, Object> list = (Map<String, Object>) api.listNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL)
          .labelSelector(NODE_LABEL + "=" + node).execute();
      for (Object item : (List<Object>) list.getOrDefault("items", List.of())) {
        Map<String, Object> meta = (Map<String, Object>) ((Map<String, Object>) item).get("metadata");
        deleteObject((String) meta.get("name")); // a previous run's: rewritten from what we own now
      }
      loaded = true;
      return true;
    } catch (ApiException e) {
      LOG.warning("event=l2StatusListFailed code=" + e.getCode() + " namespace=" + namespace + " (retried)");
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private void create(Wanted w) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(NODE_LABEL, node);
    labels.put(NAME_LABEL, w.serviceName());
    labels.put(NAMESPACE_LABEL, w.serviceNamespace());
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("generateName", "l2-");
    meta.put("namespace", namespace);
    meta.put("labels", labels);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", GROUP + "/" + VERSION);
    body.put("kind", "ServiceL2Status");
    body.put("metadata", meta);
    try {
      Map<String, Object> made = (Map<String, Object>) api.createNamespacedCustomObject(GROUP, VERSION, namespace,
          PLURAL, body).execute();
      String name = (String) ((Map<String, Object>) made.get("metadata")).get("name");
      written.put(w.key(), Map.entry(name, w));
      writeStatus(name, w);
    } catch (ApiException e) {
      LOG.warning("event=l2StatusCreateFailed service=" + w.key() + " code=" + e.getCode());
    }
  }

  /** One merge patch on {@code /status} (this node is the object's only writer; arrays are replaced whole). */
  private void writeStatus(String name, Wanted w) {
    com.google.gson.JsonArray ifaces = new com.google.gson.JsonArray();
    w.interfaces().forEach(i -> {
      com.google.gson.JsonObject iface = new com.google.gson.JsonObject();
      iface.addProperty("name", i);
      ifaces.add(iface);
    });
    com.google.gson.JsonObject status = new com.google.gson.JsonObject();
    status.addProperty("node", node);
    status.addProperty("serviceName", w.serviceName());
    status.addProperty("serviceNamespace", w.serviceNamespace());
    status.add("interfaces", ifaces);
    com.google.gson.JsonObject patch = new com.google.gson.JsonObject();
    patch.add("status", status);
    try {
      PatchUtils.patch(Object.class, () -> api.patchNamespacedCustomObjectStatus(GROUP, VERSION, namespace, PLURAL,
          name, new V1Patch(patch.toString())).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
      written.put(w.key(), Map.entry(name, w));
    } catch (ApiException e) {
      // kept as "different", so the next sync writes it again
      written.put(w.key(), Map.entry(name, new Wanted(w.serviceNamespace(), w.serviceName(), List.of("?"))));
      LOG.warning("event=l2StatusWriteFailed service=" + w.key() + " object=" + name + " code=" + e.getCode());
    }
  }

  private void delete(String key) {
    Map.Entry<String, Wanted> have = written.get(key);
    if (deleteObject(have.getKey())) {
      written.remove(key);
    }
  }

  private boolean deleteObject(String name) {
    try {
      api.deleteNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, name).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return true;
      }
      LOG.warning("event=l2StatusDeleteFailed object=" + name + " code=" + e.getCode());
      return false;
    }
  }
}
