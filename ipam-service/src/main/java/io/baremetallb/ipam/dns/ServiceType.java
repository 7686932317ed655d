package io.baremetallb.ipam.dns;

import java.util.Locale;

/** The {@code spec.type} of a Kubernetes Service, as far as DNS cares. */
public enum ServiceType {
  CLUSTER_IP,
  NODE_PORT,
  LOAD_BALANCER,
  EXTERNAL_NAME;

  /**
   * Maps {@code spec.type} ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"); the API server
   * defaults a missing type to ClusterIP, and so do we. An unknown type is treated as ClusterIP: it
   * exists, but DNS has no data for it.
   */
  public static ServiceType fromSpec(String specType) {
    if (specType == null) {
      return CLUSTER_IP;
    }
    switch (specType.toLowerCase(Locale.ROOT)) {
      case "nodeport":
        return NODE_PORT;
      case "loadbalancer":
        return LOAD_BALANCER;
      case "externalname":
        return EXTERNAL_NAME;
      default:
        return CLUSTER_IP;
    }
  }
}
