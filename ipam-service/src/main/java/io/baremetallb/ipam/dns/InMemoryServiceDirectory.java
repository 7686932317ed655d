package io.baremetallb.ipam.dns;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ServiceDirectory} over a concurrent map: for tests, the benchmark, and running the
 * responder without a cluster. Changes are visible to the next query.
 */
public final class InMemoryServiceDirectory implements ServiceDirectory {
  private final Map<String, Map<String, ServiceRecord>> byNamespace = new ConcurrentHashMap<>();

  /** Adds or replaces the Service {@code record.namespace()/record.name()}. */
  public void put(ServiceRecord record) {
    byNamespace.computeIfAbsent(record.namespace(), ns -> new ConcurrentHashMap<>())
        .put(record.name(), record);
  }

  /** Removes the Service {@code namespace/name}; no effect when it does not exist. */
  public void remove(String namespace, String name) {
    byNamespace.computeIfPresent(namespace, (ns, services) -> {
      services.remove(name);
      return services.isEmpty() ? null : services;
    });
  }

  @Override
  public Optional<ServiceRecord> find(String namespace, String name) {
    Map<String, ServiceRecord> services = byNamespace.get(namespace);
    return services == null ? Optional.empty() : Optional.ofNullable(services.get(name));
  }

  @Override
  public boolean hasServicesIn(String namespace) {
    Map<String, ServiceRecord> services = byNamespace.get(namespace);
    return services != null && !services.isEmpty();
  }
}
