package io.baremetallb.ipam.api;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.Assignment;
import io.baremetallb.ipam.core.PoolStats;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The REST API's answers computed from the allocator's and the config's values, with no HTTP and
 * no Kubernetes in it, so that they can be tested alone.
 */
public final class ApiViews {
  /** A Kubernetes namespace name (an RFC 1123 label). */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** A pool name: what a Kubernetes object name may be (an RFC 1123 subdomain), the legacy ConfigMap's names too. */
  private static final Pattern POOL = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?");

  private ApiViews() {
  }

  /**
   * The pools in the allocator's order ({@code stats} is in that order), with what the config
   * says of each. A pool the allocator has and the config lacks (never, unless they are read at
   * different moments) shows no addresses.
   */
  public static List<PoolView> pools(Map<String, PoolStats> stats, List<AddressPool> configured) {
    List<PoolView> out = new ArrayList<>(stats.size());
    for (PoolStats s : stats.values()) {
      Optional<AddressPool> p = configured.stream().filter(c -> c.name().equals(s.pool())).findFirst();
      List<String> families = p.map(AddressPool::families).orElse(java.util.Set.of()).stream().sorted()
          .map(IpFamily::label).toList();
      out.add(new PoolView(s.pool(), families, p.map(AddressPool::addresses).orElse(List.of()), s.total(),
          s.inUse(), s.reserved(), s.free()));
    }
    return out;
  }

  /** The pool named {@code name}, or a 404 problem that names it. */
  public static PoolView pool(List<PoolView> pools, String name) {
    checkPoolName(name);
    return pools.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no pool \"" + name + "\" in the configuration in force"));
  }

  /**
   * The assignments, in Service order, of {@code pool} and {@code namespace} when given (null or
   * empty: any). A well-formed pool name that is not configured is a 404.
   *
   * @param sharingKey a Service's allow-shared-ip key, if it has one
   */
  public static List<AllocationView> allocations(Collection<Assignment> assignments, Collection<String> poolNames,
      String pool, String namespace, Function<ServiceKey, Optional<String>> sharingKey) {
    Optional<String> byPool = blankToEmpty(pool);
    Optional<String> byNs = blankToEmpty(namespace);
    byPool.ifPresent(p -> {
      checkPoolName(p);
      if (!poolNames.contains(p)) {
        throw ApiProblem.notFound("no pool \"" + p + "\" in the configuration in force");
      }
    });
    byNs.ifPresent(ApiViews::checkNamespace);
    return assignments.stream()
        .filter(a -> byPool.isEmpty() || a.pool().equals(byPool))
        .filter(a -> byNs.isEmpty() || a.service().namespace().equals(byNs.get()))
        .map(a -> new AllocationView(a.service().namespace(), a.service().name(), a.pool().orElse(null),
            a.ips().stream().map(IpAddress::toString).toList(), sharingKey.apply(a.service()).orElse(null)))
        .toList();
  }

  static void checkPoolName(String name) {
    if (name.length() > 253 || !POOL.matcher(name).matches()) {
      throw ApiProblem.badRequest("pool \"" + name + "\" is not a valid pool name (letters, digits, '-', '_', '.'; "
          + "starting and ending with a letter or digit; at most 253 characters)");
    }
  }

  static void checkNamespace(String ns) {
    if (!NAMESPACE.matcher(ns).matches()) {
      throw ApiProblem.badRequest("namespace \"" + ns + "\" is not a valid namespace name (RFC 1123 label: "
          + "lower-case letters, digits and '-', at most 63 characters)");
    }
  }

  private static Optional<String> blankToEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
