package io.baremetallb.ipam.api.auth;

import io.baremetallb.ipam.api.Problem;
import io.baremetallb.ipam.app.IpamRuntime;
import io.baremetallb.ipam.k8s.IpamController;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the callers of {@link Authenticated} resources with {@link AccessCheck}; answers 401
 * (with {@code WWW-Authenticate: Bearer}), 403 or 503 as problem documents. Switched off only by
 * {@code bmlb.api.authentication=none} (environment BMLB_API_AUTHENTICATION), for a development
 * cluster that cannot issue tokens.
 */
@Provider
@Authenticated
@jakarta.enterprise.context.ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class.getName());
  static final String REALM = "baremetal-lb";

  @Inject
  IpamRuntime runtime;

  @Inject
  @ConfigProperty(name = "bmlb.api.authentication", defaultValue = "tokenreview")
  String mode;

  @Inject
  @ConfigProperty(name = "bmlb.api.review.cache.seconds", defaultValue = "10")
  int cacheSeconds;

  @Inject
  @ConfigProperty(name = "bmlb.api.review.cache.size", defaultValue = "1024")
  int cacheSize;

  private volatile AccessCheck check;
  private volatile IpamController checkFor;

  @Override
  public void filter(ContainerRequestContext ctx) {
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("none")) {
      return;
    }
    if (!m.equals("tokenreview")) {
      ctx.abortWith(problem(500, "Internal Server Error", "about:blank", "bmlb.api.authentication is \"" + mode
          + "\"; it must be tokenreview or none"));
      return;
    }
    IpamController c = runtime.controller().orElse(null);
    if (c == null) {
      ctx.abortWith(problem(503, "IPAM not ready", Problem.TYPE_BASE + "not-ready",
          "the IPAM controller has not started: " + runtime.notStartedBecause()));
      return;
    }
    AccessCheck.Outcome o = checkFor(c).check(ctx.getMethod(), ctx.getHeaderString(HttpHeaders.AUTHORIZATION),
        c.namespace());
    if (o instanceof AccessCheck.Unauthenticated u) {
      String challenge = "Bearer realm=\"" + REALM + "\"" + (u.tokenGiven() ? ", error=\"invalid_token\"" : "");
      ctx.abortWith(Response.fromResponse(problem(401, "Unauthorized", Problem.TYPE_BASE + "unauthorized",
          u.detail())).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build());
    } else if (o instanceof AccessCheck.Forbidden f) {
      LOG.info(() -> "event=apiForbidden method=" + ctx.getMethod() + " detail=\"" + f.detail() + "\"");
      ctx.abortWith(problem(403, "Forbidden", Problem.TYPE_BASE + "forbidden", f.detail()));
    } else if (o instanceof AccessCheck.Unavailable u) {
      LOG.warning("event=reviewUnavailable detail=\"" + u.detail() + "\"");
      ctx.abortWith(problem(503, "IPAM not ready", Problem.TYPE_BASE + "not-ready", u.detail()));
    }
  }

  /** One checker (and its caches) per controller: the controller's client talks to the cluster. */
  private AccessCheck checkFor(IpamController c) {
    if (checkFor != c) {
      synchronized (this) {
        if (checkFor != c) {
          check = new AccessCheck(new KubernetesReviewer(c.apiClient(), cacheSize, Duration.ofSeconds(cacheSeconds),
              InstantSource.system()));
          checkFor = c;
        }
      }
    }
    return check;
  }

  private static Response problem(int status, String title, String type, String detail) {
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(new Problem(type, title, status, detail)).build();
  }
}
