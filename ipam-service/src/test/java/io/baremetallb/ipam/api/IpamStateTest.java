package io.baremetallb.ipam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.ipam.app.IpamRuntime;
import org.junit.jupiter.api.Test;

/** Before the controller has started, every read is a 503 problem that says why. */
class IpamStateTest {
  @Test
  void withoutAControllerTheAnswerIs503NamingTheReason() {
    IpamState state = new IpamState();
    state.runtime = new IpamRuntime();
    ApiProblem p = assertThrows(ApiProblem.class, state::snapshot);
    assertEquals(new Problem("https://baremetallb.io/problems/not-ready", "IPAM not ready", 503,
        "the IPAM controller has not started: starting"), p.problem());
  }
}
