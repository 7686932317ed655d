package io.baremetallb.ipam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JAX-RS's own errors become problems with their status and its reason phrase as the title. */
class ProblemMappersTest {
  @Test
  void aJaxRsErrorKeepsItsStatusAndMessage() {
    assertEquals(new Problem("about:blank", "Not Found", 404, "no resource at /api/v1/nothing"),
        ProblemMappers.of(404, "no resource at /api/v1/nothing"));
  }

  @Test
  void withoutAMessageTheTitleIsTheDetail() {
    assertEquals(new Problem("about:blank", "Method Not Allowed", 405, "Method Not Allowed"),
        ProblemMappers.of(405, null));
  }

  @Test
  void aStatusWithoutAReasonPhraseIsNamedByItsNumber() {
    assertEquals(new Problem("about:blank", "HTTP 422", 422, "HTTP 422"), ProblemMappers.of(422, " "));
  }
}
