package io.baremetallb.ipam.k8s;

import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigProblem;
import java.util.List;
import java.util.Optional;

/**
 * The configuration in force and how the last attempt to load one went, for health, metrics and
 * the REST API. {@code stale} is MetalLB's {@code metallb_k8s_client_config_stale_bool}: the newest
 * configuration in the cluster was rejected and an older one (or none) is still in force.
 */
public final class ConfigState {
  private volatile Optional<Config> current = Optional.empty();
  private volatile boolean stale;
  private volatile List<ConfigProblem> problems = List.of();
  private volatile String source = "none";

  public Optional<Config> current() {
    return current;
  }

  public boolean loaded() {
    return current.isPresent();
  }

  public boolean stale() {
    return stale;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  /** Where the config in force came from: {@code ConfigMap ns/name}, {@code metallb.io resources}, or none. */
  public String source() {
    return source;
  }

  synchronized void accepted(Config c, String from) {
    current = Optional.of(c);
    source = from;
    stale = false;
    problems = List.of();
  }

  synchronized void rejected(List<ConfigProblem> p) {
    stale = true;
    problems = List.copyOf(p);
  }
}
