package io.baremetallb.ipam.k8s;

import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Optional;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;

/** {@link ReservationWriter} through client-java: PUT on {@code /status}, DELETE. */
public final class KubernetesReservationWriter implements ReservationWriter {
  private final GenericKubernetesApi<IpReservation, IpReservation.List_> api;
  private final CustomObjectsApi custom;

  public KubernetesReservationWriter(ApiClient client) {
    this.api = api(client);
    this.custom = new CustomObjectsApi(client);
  }

  /** The typed API for IPReservations; the REST resource creates them through it too. */
  public static GenericKubernetesApi<IpReservation, IpReservation.List_> api(ApiClient client) {
    return new GenericKubernetesApi<>(IpReservation.class, IpReservation.List_.class, IpReservation.GROUP,
        IpReservation.VERSION, IpReservation.PLURAL, client);
  }

  /**
   * A PUT of the whole object on {@code /status} at the observed resourceVersion (a concurrent
   * change is a 409). Not GenericKubernetesApi.updateStatus: its JSON patch "replace /status" is
   * rightly refused (RFC 6902 section 4.3) while the object has no status yet.
   */
  @Override
  public void writeStatus(IpReservation observed, IpReservation.Status status) throws WriteException {
    V1ObjectMeta m = observed.getMetadata();
    try {
      custom.replaceNamespacedCustomObjectStatus(IpReservation.GROUP, IpReservation.VERSION, m.getNamespace(),
          IpReservation.PLURAL, m.getName(), observed.withStatus(status)).execute();
    } catch (ApiException e) {
      throw new WriteException("writing the status of IPReservation " + m.getNamespace() + "/" + m.getName()
          + ": HTTP " + e.getCode() + " " + Optional.ofNullable(e.getResponseBody()).orElse(String.valueOf(e.getMessage())),
          e.getCode() == 409, e);
    }
  }

  @Override
  public void delete(IpReservation observed) throws WriteException {
    KubernetesApiResponse<IpReservation> r = api.delete(observed.getMetadata().getNamespace(),
        observed.getMetadata().getName());
    if (r.getHttpStatusCode() != 404) {
      check("deleting", observed, r);
    }
  }

  private static void check(String op, IpReservation r, KubernetesApiResponse<IpReservation> response)
      throws WriteException {
    if (!response.isSuccess()) {
      int code = response.getHttpStatusCode();
      String why = response.getStatus() == null ? "" : " " + response.getStatus().getMessage();
      throw new WriteException(op + " IPReservation " + r.getMetadata().getNamespace() + "/"
          + r.getMetadata().getName() + ": HTTP " + code + why, code == 409, null);
    }
  }
}
