package io.baremetallb.announcer.k8s;

import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps this node's ServiceBGPStatus objects (metallb.io/v1beta1, in the announcers' namespace)
 * equal to what it advertises: lists them by the node label, applies {@link BgpStatusPlan#diff}.
 * The status goes through the status subresource after the object is created. A failed call is
 * logged with the object and the HTTP code and the rest still goes ahead; the next sync retries.
 */
public final class BgpStatusWriter {
  private static final Logger LOG = Logger.getLogger(BgpStatusWriter.class.getName());
  static final String GROUP = "metallb.io";
  static final String VERSION = "v1beta1";
  static final String PLURAL = "servicebgpstatuses";

  private final CustomObjectsApi api;
  private final String namespace;
  private final String node;

  public BgpStatusWriter(ApiClient client, String namespace, String node) {
    this.api = new CustomObjectsApi(client);
    this.namespace = namespace;
    this.node = node;
  }

  /** @return the changes it made (or tried to make) */
  public List<BgpStatusPlan.Change> sync(Map<ServiceKey, Set<String>> peersByService) throws ApiException {
    List<BgpStatusPlan.Change> changes = BgpStatusPlan.diff(node, peersByService, existing());
    for (BgpStatusPlan.Change c : changes) {
      try {
        apply(c);
      } catch (ApiException e) {
        LOG.warning("event=bgpStatusWriteFailed object=" + namespace + "/" + c.name() + " change="
            + c.getClass().getSimpleName() + " code=" + e.getCode());
      }
    }
    return changes;
  }

  @SuppressWarnings("unchecked")
  private List<BgpStatusPlan.Existing> existing() throws ApiException {
    Map<String, Object> list = (Map<String, Object>) api.listNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL)
        .labelSelector(BgpStatusPlan.NODE_LABEL + "=" + node).execute();
    List<BgpStatusPlan.Existing> out = new ArrayList<>();
    for (Object o : (List<Object>) list.getOrDefault("items", List.of())) {
      Map<String, Object> item = (Map<String, Object>) o;
      Map<String, Object> meta = (Map<String, Object>) item.get("metadata");
      Map<String, String> labels = (Map<String, String>) meta.getOrDefault("labels", Map.of());
      String svcName = labels.get(BgpStatusPlan.SERVICE_NAME_LABEL);
      String svcNamespace = labels.get(BgpStatusPlan.SERVICE_NAMESPACE_LABEL);
      Map<String, Object> status = (Map<String, Object>) item.getOrDefault("status", Map.of());
      List<String> peers = (List<String>) status.getOrDefault("peers", List.of());
      out.add(new BgpStatusPlan.Existing((String) meta.get("name"),
          svcName == null || svcNamespace == null ? null : new ServiceKey(svcNamespace, svcName), peers));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void apply(BgpStatusPlan.Change c) throws ApiException {
    if (c instanceof BgpStatusPlan.Delete d) {
      api.deleteNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, d.name()).execute();
    } else if (c instanceof BgpStatusPlan.Create cr) {
      Map<String, Object> created = (Map<String, Object>) api.createNamespacedCustomObject(GROUP, VERSION, namespace,
          PLURAL, object(cr.name(), cr.service(), null)).execute();
      writeStatus(cr.name(), cr.service(), cr.peers(), created);
    } else if (c instanceof BgpStatusPlan.SetPeers s) {
      Map<String, Object> current = (Map<String, Object>) api.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL,
          s.name()).execute();
      writeStatus(s.name(), s.service(), s.peers(), current);
    }
  }

  @SuppressWarnings("unchecked")
  private void writeStatus(String name, ServiceKey svc, List<String> peers, Map<String, Object> current)
      throws ApiException {
    Map<String, Object> body = object(name, svc, (String) ((Map<String, Object>) current.get("metadata")).get("resourceVersion"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("node", node);
    status.put("serviceName", svc.name());
    status.put("serviceNamespace", svc.namespace());
    status.put("peers", peers);
    body.put("status", status);
    api.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, PLURAL, name, body).execute();
  }

  private Map<String, Object> object(String name, ServiceKey svc, String resourceVersion) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    meta.put("namespace", namespace);
    meta.put("labels", Map.of(BgpStatusPlan.NODE_LABEL, node, BgpStatusPlan.SERVICE_NAME_LABEL, svc.name(),
        BgpStatusPlan.SERVICE_NAMESPACE_LABEL, svc.namespace()));
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", GROUP + "/" + VERSION);
    o.put("kind", "ServiceBGPStatus");
    o.put("metadata", meta);
    o.put("spec", Map.of());
    return o;
  }
}
