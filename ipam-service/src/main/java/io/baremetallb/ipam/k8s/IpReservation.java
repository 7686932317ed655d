package io.baremetallb.ipam.k8s;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code IPReservation} ({@code baremetallb.io/v1alpha1}, the CRD in
 * {@code helm/baremetal-lb/crds/baremetallb.io_ipreservations.yaml}) as client-java's JSON reads
 * and writes it. Plain mutable beans, as client-java's own models are: the informer fills them and
 * the writers send copies.
 */
public final class IpReservation implements KubernetesObject {
  public static final String GROUP = "baremetallb.io";
  public static final String VERSION = "v1alpha1";
  public static final String PLURAL = "ipreservations";
  public static final String KIND = "IPReservation";

  private String apiVersion = GROUP + "/" + VERSION;
  private String kind = KIND;
  private V1ObjectMeta metadata;
  private Spec spec;
  private Status status;

  @Override
  public V1ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  /** The informer sets the list's kind and apiVersion on each item (a list's items may omit them). */
  public void setKind(String kind) {
    this.kind = kind;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public IpReservation metadata(V1ObjectMeta m) {
    this.metadata = m;
    return this;
  }

  public Spec getSpec() {
    return spec;
  }

  public IpReservation spec(Spec s) {
    this.spec = s;
    return this;
  }

  public Status getStatus() {
    return status;
  }

  public IpReservation status(Status s) {
    this.status = s;
    return this;
  }

  /** A copy with the same metadata and spec and another status (never change the informer's object). */
  public IpReservation withStatus(Status s) {
    IpReservation copy = new IpReservation();
    copy.metadata = metadata;
    copy.spec = spec;
    copy.status = s;
    return copy;
  }

  /** {@code spec}: exactly one of addresses and count. */
  public static final class Spec {
    public String pool;
    public List<String> addresses;
    public Integer count;
    public String owner;
    public String description;
    /** RFC 3339; kept as text so that a malformed value reaches the reconciler, which reports it. */
    public String expiresAt;
  }

  /** {@code status}, written by the leader through the status subresource. */
  public static final class Status {
    public String phase;
    public List<String> addresses;
    public List<Condition> conditions;

    /** The Ready condition, if there is one. */
    public Condition ready() {
      if (conditions != null) {
        for (Condition c : conditions) {
          if ("Ready".equals(c.type)) {
            return c;
          }
        }
      }
      return null;
    }
  }

  /** A standard condition; we write only {@code Ready}. */
  public static final class Condition {
    public String type;
    public String status;
    public Long observedGeneration;
    public String lastTransitionTime;
    public String reason;
    public String message;
  }

  /** The list type the informer lists with. */
  public static final class List_ implements KubernetesListObject {
    private String apiVersion;
    private String kind;
    private V1ListMeta metadata;
    private List<IpReservation> items = new ArrayList<>();

    @Override
    public V1ListMeta getMetadata() {
      return metadata;
    }

    @Override
    public List<IpReservation> getItems() {
      return items;
    }

    @Override
    public String getApiVersion() {
      return apiVersion;
    }

    @Override
    public String getKind() {
      return kind;
    }
  }
}
