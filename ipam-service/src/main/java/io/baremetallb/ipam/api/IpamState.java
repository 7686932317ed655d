package io.baremetallb.ipam.api;

import io.baremetallb.ipam.app.IpamRuntime;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.Assignment;
import io.baremetallb.ipam.core.PoolStats;
import io.baremetallb.ipam.k8s.IpamController;
import io.baremetallb.ipam.k8s.ServiceMapper;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1Service;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources' one door to the running controller: a consistent copy of the allocator's
 * values, taken under its lock, or a 503 problem while the controller is not ready.
 */
@ApplicationScoped
public class IpamState {
  @Inject
  IpamRuntime runtime;

  /** What the allocator and the config say at one moment. */
  public record Snapshot(Map<String, PoolStats> stats, List<Assignment> assignments, List<AddressPool> configured,
      IpamController controller) {
  }

  /** A snapshot, or a 503 problem that says why there is none. */
  public Snapshot snapshot() {
    IpamController c = runtime.controller().orElseThrow(() -> ApiProblem.unavailable(
        "the IPAM controller has not started: " + runtime.notStartedBecause()));
    if (!c.ready()) {
      throw ApiProblem.unavailable("the IPAM controller is not ready (caches syncing, no configuration loaded "
          + "or leadership not known yet); /health/ready says which");
    }
    List<AddressPool> configured = c.configState().current().map(cfg -> cfg.pools()).orElse(List.of());
    synchronized (c.allocatorLock()) {
      Allocator a = c.allocator();
      return new Snapshot(a.stats(), List.copyOf(a.assignments().values()), configured, c);
    }
  }

  /**
   * A Service's allow-shared-ip key as its annotations say (the same annotations the allocator's
   * request was made from), read from the controller's Service cache.
   */
  public static Optional<String> sharingKey(IpamController c, ServiceKey key) {
    V1Service s = c.serviceLister().namespace(key.namespace()).get(key.name());
    if (s == null || s.getMetadata() == null || s.getMetadata().getAnnotations() == null) {
      return Optional.empty();
    }
    Map<String, String> ann = s.getMetadata().getAnnotations();
    return Optional.ofNullable(ann.getOrDefault("metallb.io/" + ServiceMapper.ALLOW_SHARED_IP,
        ann.get("metallb.universe.tf/" + ServiceMapper.ALLOW_SHARED_IP))).filter(v -> !v.isEmpty());
  }
}
