package io.baremetallb.ipam.core;

import java.util.Optional;

/**
 * What decides whether two Services may share an IP, as in MetalLB: the {@code allow-shared-ip}
 * key (empty: this Service does not share) and the backend key, which is the pod selector when
 * {@code externalTrafficPolicy: Local} and empty otherwise. Ports are checked separately.
 */
public record SharingKey(String key, String backend) {

  public SharingKey {
    key = key == null ? "" : key;
    backend = backend == null ? "" : backend;
  }

  public boolean shares() {
    return !key.isEmpty();
  }

  /** Why a Service with this key may not join an IP whose users have {@code existing}; empty if it may. */
  public Optional<SharingRule> refusedBy(SharingKey existing) {
    if (!existing.shares()) {
      return Optional.of(SharingRule.HOLDER_DOES_NOT_SHARE);
    }
    if (!shares()) {
      return Optional.of(SharingRule.REQUESTER_DOES_NOT_SHARE);
    }
    if (!key.equals(existing.key)) {
      return Optional.of(SharingRule.KEY_DIFFERS);
    }
    if (!backend.equals(existing.backend)) {
      return Optional.of(SharingRule.BACKEND_DIFFERS);
    }
    return Optional.empty();
  }
}
