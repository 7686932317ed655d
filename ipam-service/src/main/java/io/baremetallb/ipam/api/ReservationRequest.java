package io.baremetallb.ipam.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFormatException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/reservations}, checked field by field: a problem names the field
 * and what is wrong with it (a 400), before anything is created.
 *
 * @param name the IPReservation's name; empty lets the service choose one
 * @param address one address to reserve; empty when {@code count} is given
 * @param count how many free addresses to reserve; 1 when neither is given
 */
public record ReservationRequest(Optional<String> name, String pool, Optional<IpAddress> address, int count,
    String owner, String description, Optional<String> expiresAt) {
  static final int MAX_COUNT = 1024;
  private static final Set<String> FIELDS = Set.of("name", "pool", "address", "count", "owner", "description",
      "expiresAt");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** Parses and checks {@code body}; {@code now} decides whether {@code expiresAt} is in the future. */
  public static ReservationRequest parse(String body, Instant now) {
    JsonObject o;
    try {
      com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(
          new java.io.StringReader(body == null ? "" : body));
      reader.setStrictness(com.google.gson.Strictness.STRICT);
      JsonElement e = JsonParser.parseReader(reader);
      if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
        throw ApiProblem.badRequest("the body has more after its JSON object");
      }
      if (!e.isJsonObject()) {
        throw ApiProblem.badRequest("the body must be a JSON object {pool, address or count, owner, description, "
            + "expiresAt?}");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException | java.io.IOException e) {
      throw ApiProblem.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
    }
    for (String k : o.keySet()) {
      if (!FIELDS.contains(k)) {
        throw ApiProblem.badRequest(k + ": unknown field (known: address, count, description, expiresAt, name, "
            + "owner, pool)");
      }
    }
    Optional<String> name = string(o, "name", false);
    name.ifPresent(n -> {
      if (!NAME.matcher(n).matches()) {
        throw ApiProblem.badRequest("name: \"" + n + "\" is not a valid object name (lower-case letters, digits, "
            + "'-' and '.', at most 253 characters, starting and ending with a letter or digit)");
      }
    });
    String pool = string(o, "pool", true).orElseThrow();
    ApiViews.checkPoolName(pool);
    Optional<IpAddress> address = string(o, "address", false).map(a -> {
      try {
        return IpAddress.parse(a);
      } catch (IpFormatException e) {
        throw ApiProblem.badRequest("address: \"" + a + "\" is not an IPv4 or IPv6 address");
      }
    });
    Optional<Integer> count = integer(o, "count");
    if (address.isPresent() && count.isPresent()) {
      throw ApiProblem.badRequest("address, count: give one of them, not both");
    }
    count.ifPresent(c -> {
      if (c < 1 || c > MAX_COUNT) {
        throw ApiProblem.badRequest("count: must be between 1 and " + MAX_COUNT + ", is " + c);
      }
    });
    String owner = string(o, "owner", true).orElseThrow();
    if (owner.isBlank() || owner.length() > 253) {
      throw ApiProblem.badRequest("owner: must be 1 to 253 characters");
    }
    String description = string(o, "description", true).orElseThrow();
    if (description.length() > 1024) {
      throw ApiProblem.badRequest("description: at most 1024 characters, has " + description.length());
    }
    Optional<String> expires = string(o, "expiresAt", false);
    expires.ifPresent(t -> checkFuture(t, now));
    return new ReservationRequest(name, pool, address, count.orElse(address.isPresent() ? 0 : 1), owner,
        description, expires);
  }

  private static void checkFuture(String text, Instant now) {
    Instant at;
    try {
      at = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("expiresAt: \"" + text + "\" is not an RFC 3339 date-time "
          + "(such as 2026-12-31T23:59:00Z)");
    }
    if (!at.isAfter(now)) {
      throw ApiProblem.badRequest("expiresAt: " + text + " is not in the future");
    }
  }

  private static Optional<String> string(JsonObject o, String field, boolean required) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw ApiProblem.badRequest(field + ": required");
      }
      return Optional.empty();
    }
    if (!(e instanceof JsonPrimitive p) || !p.isString()) {
      throw ApiProblem.badRequest(field + ": must be a string, is " + e);
    }
    return Optional.of(p.getAsString());
  }

  private static Optional<Integer> integer(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
      throw ApiProblem.badRequest(field + ": must be a whole number, is " + e);
    }
    java.math.BigDecimal d = p.getAsBigDecimal();
    if (d.stripTrailingZeros().scale() > 0 || d.abs().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw ApiProblem.badRequest(field + ": must be a whole number between 1 and " + MAX_COUNT + ", is " + e);
    }
    return Optional.of(d.intValue());
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
