package io.baremetallb.announcer.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health for the announcer: readiness with the facts behind it, and liveness. */
public final class AnnouncerHealth {
  private AnnouncerHealth() {
  }

  /** Ready: configuration loaded, membership joined, the sockets of every selected interface open. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject
    AnnouncerRuntime runtime;

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("announcer");
      Optional<AnnouncerNode> n = runtime.node();
      if (n.isEmpty()) {
        return b.down().withData("reason", runtime.notStartedBecause()).build();
      }
      AnnouncerNode.Status s = n.get().status();
      b.status(s.ready()).withData("node", n.get().nodeName()).withData("configLoaded", s.configLoaded())
          .withData("membershipJoined", s.joined()).withData("socketsOpen", s.socketsOpen())
          .withData("members", String.join(",", s.members())).withData("quorum", s.quorum());
      if (!s.reason().isEmpty()) {
        b.withData("reason", s.reason());
      }
      return b.build();
    }
  }

  /** Live as long as the application runs; a bad setting is a readiness failure, not a crash loop. */
  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("announcer-live");
    }
  }
}
