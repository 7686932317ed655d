package io.baremetallb.ipam.app;

import io.baremetallb.ipam.k8s.IpamController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health for the IPAM service: readiness and liveness, each with the facts behind it. */
public final class IpamHealth {
  private IpamHealth() {
  }

  /** Ready: API reachable, caches synced, a configuration loaded, leadership state known. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject
    IpamRuntime runtime;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("ipam");
      Optional<IpamController> c = runtime.controller();
      if (c.isEmpty()) {
        return b.down().withData("reason", runtime.notStartedBecause()).build();
      }
      IpamController ctl = c.get();
      if (!runtime.dnsProblem().isEmpty()) {
        b.withData("dnsProblem", runtime.dnsProblem());
      }
      return b.status(ctl.ready() && runtime.dnsReady())
          .withData("dnsListening", runtime.dns().map(d -> d.isListening()).orElse(false))
          .withData("informersSynced", ctl.informersSynced())
          .withData("configLoaded", ctl.configState().loaded())
          .withData("configStale", ctl.configState().stale())
          .withData("configSource", ctl.configState().source())
          .withData("leader", ctl.isLeader())
          .withData("allocating", ctl.allocating())
          .build();
    }
  }

  /** Live: the reconcile threads are running (a dead worker means a restart is the cure). */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Inject
    IpamRuntime runtime;

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("ipam-workers")
          .status(runtime.controller().map(IpamController::alive).orElse(true)).build();
    }
  }
}
