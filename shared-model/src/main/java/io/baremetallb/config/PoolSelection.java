package io.baremetallb.config;

import io.baremetallb.model.LabelSelector;
import java.util.List;
import java.util.Map;

/**
 * How an advertisement picks its pools, as MetalLB does: by name ({@code ipAddressPools}) or by
 * the pools' labels ({@code ipAddressPoolSelectors}); with neither, it applies to every pool.
 */
public interface PoolSelection {
  List<String> ipAddressPools();

  List<LabelSelector> ipAddressPoolSelectors();

  /** Whether the pool named {@code pool}, with metadata labels {@code poolLabels}, is selected. */
  default boolean selectsPool(String pool, Map<String, String> poolLabels) {
    if (ipAddressPools().isEmpty() && ipAddressPoolSelectors().isEmpty()) {
      return true;
    }
    return ipAddressPools().contains(pool) || ipAddressPoolSelectors().stream().anyMatch(s -> s.matches(poolLabels));
  }

  /** Whether a node with {@code nodeLabels} matches one of {@code selectors} (none: every node). */
  static boolean selectsNode(List<LabelSelector> selectors, Map<String, String> nodeLabels) {
    return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(nodeLabels));
  }
}
