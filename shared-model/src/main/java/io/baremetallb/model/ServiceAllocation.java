package io.baremetallb.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An IPAddressPool's {@code serviceAllocation}: which Services may take addresses from the pool,
 * and the pool's priority among the pools a Service may use (lower number first; a pool with no
 * priority comes after every pool that has one).
 *
 * @param priority the priority, if set
 * @param namespaces namespace names allowed (empty: no restriction by name)
 * @param namespaceSelectors selectors on the namespace's labels (empty: no restriction); any may match
 * @param serviceSelectors selectors on the Service's labels (empty: no restriction); any may match
 */
public record ServiceAllocation(
    OptionalInt priority,
    List<String> namespaces,
    List<LabelSelector> namespaceSelectors,
    List<LabelSelector> serviceSelectors) {

  /** No restriction and no priority. */
  public static final ServiceAllocation UNRESTRICTED =
      new ServiceAllocation(OptionalInt.empty(), List.of(), List.of(), List.of());

  public ServiceAllocation {
    namespaces = List.copyOf(namespaces);
    namespaceSelectors = List.copyOf(namespaceSelectors);
    serviceSelectors = List.copyOf(serviceSelectors);
  }

  /**
   * Whether a Service in {@code namespace} (with {@code namespaceLabels}) and with
   * {@code serviceLabels} may use the pool, as MetalLB decides it: the namespace must be listed
   * or match one namespace selector (when either is given), and the Service must match one
   * service selector (when any is given).
   */
  public boolean allows(String namespace, Map<String, String> namespaceLabels, Map<String, String> serviceLabels) {
    boolean nsRestricted = !namespaces.isEmpty() || !namespaceSelectors.isEmpty();
    if (nsRestricted && !namespaces.contains(namespace)
        && namespaceSelectors.stream().noneMatch(s -> s.matches(namespaceLabels))) {
      return false;
    }
    return serviceSelectors.isEmpty() || serviceSelectors.stream().anyMatch(s -> s.matches(serviceLabels));
  }
}
