package io.baremetallb.ipam.api.auth;

import io.baremetallb.ipam.api.auth.Reviewer.Decision;
import io.baremetallb.ipam.api.auth.Reviewer.Identity;
import io.baremetallb.ipam.api.auth.Reviewer.ReviewUnavailable;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call the reservations API: reading needs a bearer token the cluster accepts
 * (TokenReview); creating and deleting also need the cluster's permission to create or delete
 * IPReservations in the controller's namespace (SubjectAccessReview). No JAX-RS here, so the rules
 * are tested on their own; {@link BearerAuthFilter} turns the outcome into an HTTP answer.
 */
public final class AccessCheck {
  /** What the check concluded. */
  public sealed interface Outcome {
  }

  public record Allowed(Identity who) implements Outcome {
  }

  /** 401: no token, a malformed Authorization header, or a token the cluster does not accept. */
  public record Unauthenticated(String detail, boolean tokenGiven) implements Outcome {
  }

  /** 403: a known caller without the permission. */
  public record Forbidden(String detail) implements Outcome {
  }

  /** 503: the cluster could not be asked. */
  public record Unavailable(String detail) implements Outcome {
  }

  private final Reviewer reviewer;

  public AccessCheck(Reviewer reviewer) {
    this.reviewer = reviewer;
  }

  /** The Kubernetes verb an HTTP method needs on IPReservations beyond authentication, if any. */
  static Optional<String> verbFor(String httpMethod) {
    return switch (httpMethod.toUpperCase(Locale.ROOT)) {
      case "POST" -> Optional.of("create");
      case "DELETE" -> Optional.of("delete");
      default -> Optional.empty();
    };
  }

  public Outcome check(String httpMethod, String authorization, String namespace) {
    if (authorization == null || authorization.isBlank()) {
      return new Unauthenticated("this endpoint needs an Authorization: Bearer <token> header "
          + "(a token the cluster accepts, e.g. a service account's)", false);
    }
    String[] parts = authorization.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
      return new Unauthenticated("the Authorization header must be \"Bearer <token>\"", false);
    }
    try {
      Identity who = reviewer.authenticate(parts[1].trim());
      if (!who.authenticated()) {
        return new Unauthenticated("the cluster did not accept the bearer token: " + who.error(), true);
      }
      Optional<String> verb = verbFor(httpMethod);
      if (verb.isEmpty()) {
        return new Allowed(who);
      }
      Decision d = reviewer.mayDo(who, verb.get(), namespace);
      if (!d.allowed()) {
        return new Forbidden("user \"" + who.user() + "\" may not " + verb.get() + " ipreservations."
            + io.baremetallb.ipam.k8s.IpReservation.GROUP + " in namespace " + namespace
            + (d.reason().isBlank() ? "" : ": " + d.reason()));
      }
      return new Allowed(who);
    } catch (ReviewUnavailable e) {
      return new Unavailable("cannot check the caller: " + e.getMessage());
    }
  }
}
