package io.baremetallb.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What parsing a configuration gives: a whole valid {@link Config}, or every problem found in it.
 * Never a partial config: one problem anywhere and there is no config at all.
 */
public sealed interface ConfigResult permits ConfigResult.Valid, ConfigResult.Invalid {

  /** The configuration parsed and passed every rule. */
  record Valid(Config config) implements ConfigResult {
    public Valid {
      Objects.requireNonNull(config, "config");
    }
  }

  /** The configuration has at least one problem; all of them are listed, in the order found. */
  record Invalid(List<ConfigProblem> problems) implements ConfigResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid configuration has at least one problem");
      }
    }

    /** One problem a line, as a user reads them. */
    public String describe() {
      return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The problems; empty when valid. */
  default List<ConfigProblem> problems() {
    return this instanceof Invalid i ? i.problems() : List.of();
  }

  /** The config; throws {@link IllegalStateException} listing the problems when invalid. */
  default Config orElseThrow() {
    if (this instanceof Valid v) {
      return v.config();
    }
    throw new IllegalStateException("invalid configuration:\n" + ((Invalid) this).describe());
  }
}
