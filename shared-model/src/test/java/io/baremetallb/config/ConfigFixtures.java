package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test resources and assertions shared by the config tests. */
final class ConfigFixtures {
  /** The {@code config} text of the user's document's ConfigMap. */
  static final String DOCUMENT_CONFIG = """
      address-pools:
      - name: my-ip-space
        protocol: layer2
        addresses:
        - 192.168.5.5-192.168.5.9
      """;

  private ConfigFixtures() {}

  static String resource(String name) {
    try (InputStream in = ConfigFixtures.class.getResourceAsStream("/config/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource config/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Config valid(ConfigResult r) {
    if (r instanceof ConfigResult.Invalid i) {
      fail("expected a valid configuration, got:\n" + i.describe());
    }
    return ((ConfigResult.Valid) r).config();
  }

  /** The problems, one string each, as a user reads them. */
  static List<String> problems(ConfigResult r) {
    if (r instanceof ConfigResult.Valid v) {
      fail("expected problems, got a valid configuration: " + v.config());
    }
    return r.problems().stream().map(ConfigProblem::toString).toList();
  }

  static void assertProblems(ConfigResult r, String... expected) {
    assertEquals(List.of(expected), problems(r));
  }
}
