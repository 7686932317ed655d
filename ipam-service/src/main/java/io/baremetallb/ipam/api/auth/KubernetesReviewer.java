package io.baremetallb.ipam.api.auth;

import io.baremetallb.ipam.k8s.IpReservation;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link Reviewer} through the cluster's TokenReview and SubjectAccessReview APIs, with answers
 * cached in {@link ReviewCache}s. Tokens are cached by their SHA-256 only.
 */
public final class KubernetesReviewer implements Reviewer {
  private final AuthenticationV1Api authn;
  private final AuthorizationV1Api authz;
  private final ReviewCache<String, Identity> identities;
  private final ReviewCache<String, Decision> decisions;

  public KubernetesReviewer(ApiClient client, int capacity, Duration ttl, InstantSource clock) {
    this.authn = new AuthenticationV1Api(client);
    this.authz = new AuthorizationV1Api(client);
    this.identities = new ReviewCache<>(capacity, ttl, clock);
    this.decisions = new ReviewCache<>(capacity, ttl, clock);
  }

  @Override
  public Identity authenticate(String token) throws ReviewUnavailable {
    String key = sha256(token);
    Optional<Identity> cached = identities.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V1TokenReviewStatus s;
    try {
      s = authn.createTokenReview(new V1TokenReview().apiVersion("authentication.k8s.io/v1").kind("TokenReview")
          .spec(new V1TokenReviewSpec().token(token))).execute().getStatus();
    } catch (ApiException e) {
      throw new ReviewUnavailable("TokenReview failed: HTTP " + e.getCode(), e);
    }
    boolean ok = s != null && Boolean.TRUE.equals(s.getAuthenticated()) && s.getUser() != null;
    V1UserInfo u = ok ? s.getUser() : new V1UserInfo();
    Identity id = new Identity(ok, Optional.ofNullable(u.getUsername()).orElse(""),
        Optional.ofNullable(u.getUid()).orElse(""), Optional.ofNullable(u.getGroups()).orElse(List.of()),
        ok ? "" : Optional.ofNullable(s == null ? null : s.getError()).orElse("the token was not accepted"));
    identities.put(key, id);
    return id;
  }

  @Override
  public Decision mayDo(Identity who, String verb, String namespace) throws ReviewUnavailable {
    String key = who.user() + "\u0000" + who.uid() + "\u0000" + String.join(",", who.groups()) + "\u0000" + verb
        + "\u0000" + namespace;
    Optional<Decision> cached = decisions.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V1SubjectAccessReviewStatus s;
    try {
      s = authz.createSubjectAccessReview(new V1SubjectAccessReview().apiVersion("authorization.k8s.io/v1")
          .kind("SubjectAccessReview").spec(new V1SubjectAccessReviewSpec().user(who.user()).uid(who.uid())
              .groups(who.groups()).resourceAttributes(new V1ResourceAttributes().group(IpReservation.GROUP)
                  .resource(IpReservation.PLURAL).verb(verb).namespace(namespace)))).execute().getStatus();
    } catch (ApiException e) {
      throw new ReviewUnavailable("SubjectAccessReview failed: HTTP " + e.getCode(), e);
    }
    boolean allowed = s != null && s.getAllowed();
    Decision d = new Decision(allowed, Optional.ofNullable(s == null ? null : s.getReason()).orElse(""));
    decisions.put(key, d);
    return d;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
