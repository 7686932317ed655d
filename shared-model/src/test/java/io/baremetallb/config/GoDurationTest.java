package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's time.ParseDuration, as MetalLB reads hold-time and the CRDs' durations. */
class GoDurationTest {

  @ParameterizedTest
  @CsvSource({"90s, 90000", "3s, 3000", "1m30s, 90000", "1.5h, 5400000", "500ms, 500", "0, 0", "-2s, -2000",
      "+1m, 60000", ".5s, 500", "1h2m3s4ms, 3723004", "1000us, 1", "2000000ns, 2"})
  void parsesGoSyntax(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), GoDuration.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "90", "s", "1d", "1.2.3s", "1 s", "-", "ms1"})
  void rejectsWhatGoRejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
  }
}
