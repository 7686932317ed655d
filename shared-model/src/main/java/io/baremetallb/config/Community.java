package io.baremetallb.config;

import java.util.List;
import java.util.Objects;

/**
 * A Community resource: names for community values, which BGP advertisements may use instead of
 * the values. The legacy {@code bgp-communities} become one Community named {@code communities},
 * as MetalLB's converter names it.
 *
 * @param name the resource's name
 * @param aliases the names it defines, sorted by name
 */
public record Community(String name, List<Alias> aliases) {

  public Community {
    Objects.requireNonNull(name, "name");
    aliases = List.copyOf(aliases);
  }

  /** One name for a value. */
  public record Alias(String name, BgpCommunity value) {
    public Alias {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
