package io.baremetallb.ipam.k8s;

import io.kubernetes.client.common.KubernetesObject;

/** Records Kubernetes Events on objects (best effort: a lost event never fails a reconcile). */
public interface EventRecorder {
  enum Type { Normal, Warning }

  void record(KubernetesObject object, Type type, String reason, String message);

  /** The reasons MetalLB uses on Services, which dashboards and runbooks look for. */
  final class Reasons {
    public static final String IP_ALLOCATED = "IPAllocated";
    public static final String ALLOCATION_FAILED = "AllocationFailed";
    public static final String CLEAR_ASSIGNMENT = "ClearAssignment";
    /** Ours: the Service keeps an address that is no longer in any pool. */
    public static final String OUTSIDE_POOLS = "AddressOutsidePools";
    /** Ours: two Services claim one address at startup and may not share it. */
    public static final String RESTORE_CONFLICT = "RestoreConflict";
    /** Ours, on the config object: the new configuration was rejected. */
    public static final String CONFIG_INVALID = "InvalidConfig";
    public static final String CONFIG_LOADED = "ConfigLoaded";

    private Reasons() {
    }
  }
}
