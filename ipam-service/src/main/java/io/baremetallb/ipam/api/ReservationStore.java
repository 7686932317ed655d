package io.baremetallb.ipam.api;

import io.baremetallb.ipam.app.IpamRuntime;
import io.baremetallb.ipam.k8s.IpamController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The resource's door to {@link Reservations}: one per controller, once the controller has started. */
@ApplicationScoped
public class ReservationStore {
  @Inject
  IpamRuntime runtime;

  @Inject
  @ConfigProperty(name = "bmlb.api.reservation.wait.seconds", defaultValue = "10")
  int waitSeconds;

  private volatile Reservations current;

  public List<ReservationView> list() {
    return reservations().list();
  }

  public ReservationView get(String name) {
    return reservations().get(name);
  }

  public ReservationView create(ReservationRequest req) {
    return reservations().create(req);
  }

  public void delete(String name) {
    reservations().delete(name);
  }

  private Reservations reservations() {
    IpamController c = runtime.controller().orElseThrow(() -> ApiProblem.unavailable(
        "the IPAM controller has not started: " + runtime.notStartedBecause()));
    Reservations r = current;
    if (r == null || r.controller() != c) {
      synchronized (this) {
        r = current;
        if (r == null || r.controller() != c) {
          r = new Reservations(c, Duration.ofSeconds(waitSeconds));
          current = r;
        }
      }
    }
    return r;
  }
}
