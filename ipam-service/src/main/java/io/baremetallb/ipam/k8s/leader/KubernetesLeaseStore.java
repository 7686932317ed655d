package io.baremetallb.ipam.k8s.leader;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** A {@link LeaseStore} on one {@code coordination.k8s.io/v1} Lease, through client-java. */
public final class KubernetesLeaseStore implements LeaseStore {
  private final CoordinationV1Api api;
  private final String namespace;
  private final String name;

  public KubernetesLeaseStore(ApiClient client, String namespace, String name) {
    this.api = new CoordinationV1Api(client);
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<LeaseRecord> get() throws LeaseStoreException {
    try {
      return Optional.of(toRecord(api.readNamespacedLease(name, namespace).execute()));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw failure("reading", e);
    }
  }

  @Override
  public LeaseRecord create(LeaseRecord r) throws LeaseStoreException {
    try {
      return toRecord(api.createNamespacedLease(namespace, toLease(r)).execute());
    } catch (ApiException e) {
      throw failure("creating", e);
    }
  }

  @Override
  public LeaseRecord update(LeaseRecord r) throws LeaseStoreException {
    try {
      return toRecord(api.replaceNamespacedLease(name, namespace, toLease(r)).execute());
    } catch (ApiException e) {
      throw failure("updating", e);
    }
  }

  private LeaseStoreException failure(String op, ApiException e) {
    boolean conflict = e.getCode() == 409;
    return new LeaseStoreException(op + " Lease " + namespace + "/" + name + ": HTTP " + e.getCode()
        + (e.getMessage() == null ? "" : " " + e.getMessage()), conflict, e);
  }

  private V1Lease toLease(LeaseRecord r) {
    return new V1Lease()
        .metadata(new V1ObjectMeta().name(name).namespace(namespace).resourceVersion(r.resourceVersion()))
        .spec(new V1LeaseSpec()
            .holderIdentity(r.holder())
            .leaseDurationSeconds((int) Math.max(1, r.leaseDuration().toSeconds()))
            .acquireTime(time(r.acquireTime()))
            .renewTime(time(r.renewTime()))
            .leaseTransitions(r.transitions()));
  }

  private static LeaseRecord toRecord(V1Lease l) {
    V1LeaseSpec s = l.getSpec() == null ? new V1LeaseSpec() : l.getSpec();
    return new LeaseRecord(
        s.getHolderIdentity(),
        s.getLeaseDurationSeconds() == null ? null : Duration.ofSeconds(s.getLeaseDurationSeconds()),
        instant(s.getAcquireTime()),
        instant(s.getRenewTime()),
        s.getLeaseTransitions() == null ? 0 : s.getLeaseTransitions(),
        l.getMetadata() == null ? null : l.getMetadata().getResourceVersion());
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
