package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;

/** Writes what the IPAM decides back to a Service. The reconciler's only way to change the cluster. */
public interface ServiceStatusWriter {
  /**
   * Sets {@code status.loadBalancer.ingress} to {@code ips} (empty clears it) through the status
   * subresource, against the resourceVersion of {@code observed}, and in the same write the
   * {@code metallb.io/ip-allocated-from-pool} annotation: set to {@code pool} when there are
   * {@code ips} and a pool, removed when {@code ips} is empty, left alone otherwise. The API server
   * stores annotations sent to a Service's /status (kubernetes/kubernetes#92022); should one not,
   * the reconcile of the write's echo finds the annotation missing and asks {@link #annotatePool}.
   */
  void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException;

  /** Sets (or, when empty, removes) the {@code metallb.io/ip-allocated-from-pool} annotation. */
  void annotatePool(V1Service observed, Optional<String> pool) throws WriteException;

  /** A failed write; {@code conflict} when the object changed since it was read (HTTP 409). */
  final class WriteException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean conflict;

    public WriteException(String message, boolean conflict, Throwable cause) {
      super(message, cause);
      this.conflict = conflict;
    }

    public boolean conflict() {
      return conflict;
    }
  }
}
