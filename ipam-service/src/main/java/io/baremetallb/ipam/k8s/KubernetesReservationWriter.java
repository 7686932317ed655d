package io.baremetallb.ipam.k8s;

import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;

/** {@link ReservationWriter} through client-java: PUT on {@code /status}, DELETE. */
public final class KubernetesReservationWriter implements ReservationWriter {
  private final GenericKubernetesApi<IpReservation, IpReservation.List_> api;

  public KubernetesReservationWriter(ApiClient client) {
    this.api = api(client);
  }

  /** The typed API for IPReservations; the REST resource creates them through it too. */
  public static GenericKubernetesApi<IpReservation, IpReservation.List_> api(ApiClient client) {
    return new GenericKubernetesApi<>(IpReservation.class, IpReservation.List_.class, IpReservation.GROUP,
        IpReservation.VERSION, IpReservation.PLURAL, client);
  }

  @Override
  public void writeStatus(IpReservation observed, IpReservation.Status status) throws WriteException {
    check("writing the status of", observed, api.updateStatus(observed.withStatus(status), IpReservation::getStatus));
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
