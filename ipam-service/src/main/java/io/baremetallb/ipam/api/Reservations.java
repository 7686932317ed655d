package io.baremetallb.ipam.api;

import io.baremetallb.ipam.k8s.IpReservation;
import io.baremetallb.ipam.k8s.IpamController;
import io.baremetallb.ipam.k8s.KubernetesReservationWriter;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The reservations API's work for one controller: IPReservations are created and deleted in the
 * cluster and read from the controller's informer cache, so every replica, leader or standby,
 * answers the same. A new reservation is answered once the leader has written its status: Bound
 * gives 201 with its addresses; Failed is deleted again and answered with the error its reason maps
 * to, so a refused request leaves nothing behind. Errors are {@link ApiProblem}s.
 */
public final class Reservations {
  private static final Logger LOG = Logger.getLogger(Reservations.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final IpamController controller;
  private final Duration wait;
  private final Map<String, CompletableFuture<IpReservation>> waiting = new ConcurrentHashMap<>();

  /** @param wait how long {@link #create} waits for the leader's status */
  public Reservations(IpamController controller, Duration wait) {
    this.controller = controller;
    this.wait = wait;
    controller.onReservationChange(r -> {
      CompletableFuture<IpReservation> f = waiting.get(r.getMetadata().getName());
      if (f != null && decided(r)) {
        f.complete(r);
      }
    });
  }

  IpamController controller() {
    return controller;
  }

  public List<ReservationView> list() {
    return lister(controller).list().stream().sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .map(ReservationView::of).toList();
  }

  public ReservationView get(String name) {
    checkName(name);
    IpReservation r = lister(controller).get(name);
    if (r == null) {
      throw ApiProblem.notFound("no reservation named \"" + name + "\"");
    }
    return ReservationView.of(r);
  }

  public ReservationView create(ReservationRequest req) {
    IpamController c = controller;
    Lister<IpReservation> lister = lister(c);
    boolean poolKnown = c.configState().current().map(cfg -> cfg.pools().stream()
        .anyMatch(p -> p.name().equals(req.pool()))).orElse(false);
    if (!poolKnown) {
      throw ApiProblem.notFound("pool: no pool named \"" + req.pool() + "\" in the configuration in force");
    }
    String name = req.name().orElseGet(Reservations::generatedName);
    CompletableFuture<IpReservation> decided = new CompletableFuture<>();
    if (waiting.putIfAbsent(name, decided) != null) {
      throw ApiProblem.conflict("name: a reservation named \"" + name + "\" is being created");
    }
    try {
      KubernetesApiResponse<IpReservation> created = KubernetesReservationWriter.api(c.apiClient())
          .create(toObject(name, c.namespace(), req));
      if (created.getHttpStatusCode() == 409) {
        throw ApiProblem.conflict("name: a reservation named \"" + name + "\" exists");
      }
      if (!created.isSuccess()) {
        throw ApiProblem.unavailable("the cluster refused the IPReservation: HTTP " + created.getHttpStatusCode()
            + Optional.ofNullable(created.getStatus()).map(s -> " " + s.getMessage()).orElse(""));
      }
      Optional.ofNullable(lister.get(name)).filter(Reservations::decided).ifPresent(decided::complete);
      return answer(c, awaitDecision(c, name, decided));
    } finally {
      waiting.remove(name, decided);
    }
  }

  /** Deletes the reservation; the leader gives its addresses back when its informer sees the deletion. */
  public void delete(String name) {
    checkName(name);
    IpamController c = controller;
    lister(c);
    KubernetesApiResponse<IpReservation> r = KubernetesReservationWriter.api(c.apiClient()).delete(c.namespace(), name);
    if (r.getHttpStatusCode() == 404) {
      throw ApiProblem.notFound("no reservation named \"" + name + "\"");
    }
    if (!r.isSuccess()) {
      throw ApiProblem.unavailable("the cluster refused to delete IPReservation " + name + ": HTTP "
          + r.getHttpStatusCode());
    }
  }

  private IpReservation awaitDecision(IpamController c, String name, CompletableFuture<IpReservation> decided) {
    try {
      return decided.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      deleteQuietly(c, name);
      throw ApiProblem.unavailable("no leader applied reservation \"" + name + "\" within " + wait.toMillis()
          + " ms (is an IPAM replica leading? /health/ready says); it was deleted again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(c, name);
      throw ApiProblem.unavailable("interrupted while waiting for reservation \"" + name + "\"");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the reservation waiter never fails", e);
    }
  }

  /** Bound: the view. Failed: delete it again and answer with the problem its reason means. */
  private ReservationView answer(IpamController c, IpReservation r) {
    ReservationView v = ReservationView.of(r);
    if ("Bound".equals(v.phase())) {
      return v;
    }
    deleteQuietly(c, v.name());
    String reason = Optional.ofNullable(v.reason()).orElse("");
    String field = r.getSpec().count != null ? "count" : "address";
    String detail = v.message();
    throw switch (reason) {
      case "PoolNotFound" -> ApiProblem.notFound("pool: " + detail);
      case "AddressInUse", "PoolExhausted" -> ApiProblem.conflict(field + ": " + detail);
      default -> ApiProblem.badRequest(field + ": " + detail + " (" + reason + ")");
    };
  }

  private void deleteQuietly(IpamController c, String name) {
    KubernetesApiResponse<IpReservation> r = KubernetesReservationWriter.api(c.apiClient()).delete(c.namespace(), name);
    if (!r.isSuccess() && r.getHttpStatusCode() != 404) {
      LOG.warning("event=reservationCleanupFailed name=" + name + " code=" + r.getHttpStatusCode());
    }
  }

  private static boolean decided(IpReservation r) {
    IpReservation.Status s = r.getStatus();
    return s != null && ("Bound".equals(s.phase) || "Failed".equals(s.phase));
  }

  private static Lister<IpReservation> lister(IpamController c) {
    return c.reservations().orElseThrow(() -> ApiProblem.unavailable("the cluster does not serve "
        + IpReservation.PLURAL + "." + IpReservation.GROUP + " (install the chart's CRDs); reservations are unavailable"));
  }

  private static void checkName(String name) {
    if (name == null || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw ApiProblem.badRequest("name: \"" + name + "\" is not a valid object name");
    }
  }

  static IpReservation toObject(String name, String namespace, ReservationRequest req) {
    IpReservation.Spec spec = new IpReservation.Spec();
    spec.pool = req.pool();
    req.address().ifPresentOrElse(a -> spec.addresses = List.of(a.toString()), () -> spec.count = req.count());
    spec.owner = req.owner();
    spec.description = req.description();
    spec.expiresAt = req.expiresAt().orElse(null);
    return new IpReservation().metadata(new V1ObjectMeta().name(name).namespace(namespace)
        .labels(Map.of("app.kubernetes.io/managed-by", "baremetal-lb-ipam-api"))).spec(spec);
  }

  private static String generatedName() {
    StringBuilder b = new StringBuilder("res-");
    for (int i = 0; i < 8; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
