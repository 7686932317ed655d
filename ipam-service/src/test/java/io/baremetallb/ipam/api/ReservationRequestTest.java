package io.baremetallb.ipam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.ip.IpAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The POST body: every malformed field is a 400 that names it. */
class ReservationRequestTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void aCountRequestWithExpiry() {
    ReservationRequest r = ReservationRequest.parse("{\"pool\":\"my-ip-space\",\"count\":2,\"owner\":\"vm-team\","
        + "\"description\":\"two VMs\",\"expiresAt\":\"2026-12-31T23:59:00Z\"}", NOW);
    assertEquals(new ReservationRequest(Optional.empty(), "my-ip-space", Optional.empty(), 2, "vm-team", "two VMs",
        Optional.of("2026-12-31T23:59:00Z")), r);
  }

  @Test
  void anAddressRequestWithAName() {
    ReservationRequest r = ReservationRequest.parse("{\"name\":\"router\",\"pool\":\"p\",\"address\":\"2001:db8::1\","
        + "\"owner\":\"net\",\"description\":\"\"}", NOW);
    assertEquals(Optional.of(IpAddress.parse("2001:db8::1")), r.address());
    assertEquals(Optional.of("router"), r.name());
  }

  @Test
  void neitherAddressNorCountMeansOneAddress() {
    assertEquals(1, ReservationRequest.parse("{\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\"}", NOW).count());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON           | {\"pool\":                                                       | the body is not valid JSON",
      "lenient JSON       | {pool:p,owner:o,description:d}                                   | the body is not valid JSON",
      "trailing garbage   | {\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\"} x         | the body",
      "an array           | []                                                               | the body must be a JSON object",
      "no pool            | {\"owner\":\"o\",\"description\":\"d\"}                          | pool: required",
      "pool a number      | {\"pool\":5,\"owner\":\"o\",\"description\":\"d\"}               | pool: must be a string, is 5",
      "bad address        | {\"pool\":\"p\",\"address\":\"192.0.2.300\",\"owner\":\"o\",\"description\":\"d\"} | address: \"192.0.2.300\" is not an IPv4 or IPv6 address",
      "both               | {\"pool\":\"p\",\"address\":\"192.0.2.1\",\"count\":1,\"owner\":\"o\",\"description\":\"d\"} | address, count: give one of them, not both",
      "count zero         | {\"pool\":\"p\",\"count\":0,\"owner\":\"o\",\"description\":\"d\"} | count: must be between 1 and 1024, is 0",
      "count fraction     | {\"pool\":\"p\",\"count\":1.5,\"owner\":\"o\",\"description\":\"d\"} | count: must be a whole number",
      "count text         | {\"pool\":\"p\",\"count\":\"2\",\"owner\":\"o\",\"description\":\"d\"} | count: must be a whole number, is \"2\"",
      "no owner           | {\"pool\":\"p\",\"description\":\"d\"}                           | owner: required",
      "blank owner        | {\"pool\":\"p\",\"owner\":\" \",\"description\":\"d\"}           | owner: must be 1 to 253 characters",
      "no description     | {\"pool\":\"p\",\"owner\":\"o\"}                                 | description: required",
      "unknown field      | {\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\",\"addresses\":[]} | addresses: unknown field",
      "bad expiry         | {\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\",\"expiresAt\":\"tomorrow\"} | expiresAt: \"tomorrow\" is not an RFC 3339 date-time",
      "past expiry        | {\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\",\"expiresAt\":\"2026-11-25T11:59:59Z\"} | expiresAt: 2026-11-25T11:59:59Z is not in the future",
      "bad name           | {\"name\":\"Router_1\",\"pool\":\"p\",\"owner\":\"o\",\"description\":\"d\"} | name: \"Router_1\" is not a valid object name",
  })
  void malformedBodiesAreBadRequestsNamingTheField(String what, String body, String detailStart) {
    ApiProblem p = assertThrows(ApiProblem.class, () -> ReservationRequest.parse(body, NOW), what);
    assertEquals(400, p.problem().status(), what);
    assertEquals(true, p.problem().detail().startsWith(detailStart), what + ": " + p.problem().detail());
  }
}
