package io.baremetallb.ipam.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.baremetallb.ipam.api.auth.AccessCheck.Allowed;
import io.baremetallb.ipam.api.auth.AccessCheck.Forbidden;
import io.baremetallb.ipam.api.auth.AccessCheck.Unauthenticated;
import io.baremetallb.ipam.api.auth.AccessCheck.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read and change reservations, against a reviewer that plays the cluster. */
class AccessCheckTest {
  private final List<String> asked = new ArrayList<>();
  private boolean down;

  private final Reviewer cluster = new Reviewer() {
    @Override
    public Identity authenticate(String token) throws ReviewUnavailable {
      asked.add("token " + token);
      if (down) {
        throw new ReviewUnavailable("TokenReview failed: HTTP 503", null);
      }
      return switch (token) {
        case "reader-token" -> new Identity(true, "reader", "1", List.of(), "");
        case "admin-token" -> new Identity(true, "admin", "2", List.of("ops"), "");
        default -> new Identity(false, "", "", List.of(), "invalid bearer token");
      };
    }

    @Override
    public Decision mayDo(Identity who, String verb, String namespace) {
      asked.add(who.user() + " " + verb + " " + namespace);
      return who.user().equals("admin") ? new Decision(true, "") : new Decision(false, "no rule allows it");
    }
  };

  private final AccessCheck check = new AccessCheck(cluster);

  @Test
  void noTokenOrNotABearerHeaderIsUnauthenticatedWithoutAskingTheCluster() {
    assertEquals(false, ((Unauthenticated) check.check("GET", null, "ns")).tokenGiven());
    assertInstanceOf(Unauthenticated.class, check.check("GET", "Basic dXNlcjpwdw==", "ns"));
    assertInstanceOf(Unauthenticated.class, check.check("GET", "Bearer ", "ns"));
    assertEquals(List.of(), asked);
  }

  @Test
  void aTokenTheClusterRejectsIsUnauthenticatedWithItsReason() {
    Unauthenticated u = (Unauthenticated) check.check("GET", "Bearer forged", "ns");
    assertEquals("the cluster did not accept the bearer token: invalid bearer token", u.detail());
    assertEquals(true, u.tokenGiven());
  }

  @Test
  void readingNeedsOnlyAnAcceptedToken() {
    assertInstanceOf(Allowed.class, check.check("GET", "Bearer reader-token", "ns"));
    assertEquals(List.of("token reader-token"), asked);
  }

  @Test
  void creatingAndDeletingNeedThePermissionForThatVerbInTheNamespace() {
    Forbidden f = (Forbidden) check.check("POST", "bearer reader-token", "metallb-system");
    assertEquals("user \"reader\" may not create ipreservations.baremetallb.io in namespace metallb-system: "
        + "no rule allows it", f.detail());
    assertInstanceOf(Allowed.class, check.check("DELETE", "Bearer admin-token", "metallb-system"));
    assertEquals(List.of("token reader-token", "reader create metallb-system", "token admin-token",
        "admin delete metallb-system"), asked);
  }

  @Test
  void aClusterThatCannotBeAskedIsUnavailableNotAllowed() {
    down = true;
    assertInstanceOf(Unavailable.class, check.check("POST", "Bearer admin-token", "ns"));
  }

  @Test
  void theReviewCacheForgetsAfterItsTtlAndKeepsAtMostItsCapacity() {
    Instant[] now = {Instant.parse("2026-11-25T12:00:00Z")};
    ReviewCache<String, String> cache = new ReviewCache<>(2, Duration.ofSeconds(10), () -> now[0]);
    cache.put("a", "1");
    cache.put("b", "2");
    cache.get("a");
    cache.put("c", "3");
    assertEquals(List.of(true, false, true), List.of(cache.get("a").isPresent(), cache.get("b").isPresent(),
        cache.get("c").isPresent()), "b was the least recently used");
    assertEquals(2, cache.size());
    now[0] = now[0].plusSeconds(10);
    assertEquals(false, cache.get("a").isPresent());
  }
}
