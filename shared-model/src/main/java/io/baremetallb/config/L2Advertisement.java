package io.baremetallb.config;

import io.baremetallb.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Announce the addresses of some pools in layer 2 (ARP for IPv4, NDP for IPv6).
 *
 * @param name the L2Advertisement's name (from a legacy layer2 pool: {@code l2advertisement<N>})
 * @param ipAddressPools pools by name
 * @param ipAddressPoolSelectors pools by label; with no names and no selectors, every pool
 * @param nodeSelectors nodes that may announce (empty: every node)
 * @param interfaces interfaces to announce from (empty: every interface)
 */
public record L2Advertisement(
    String name,
    List<String> ipAddressPools,
    List<LabelSelector> ipAddressPoolSelectors,
    List<LabelSelector> nodeSelectors,
    List<String> interfaces) implements PoolSelection {

  public L2Advertisement {
    Objects.requireNonNull(name, "name");
    ipAddressPools = List.copyOf(ipAddressPools);
    ipAddressPoolSelectors = List.copyOf(ipAddressPoolSelectors);
    nodeSelectors = List.copyOf(nodeSelectors);
    interfaces = List.copyOf(interfaces);
  }

  /** Whether a node with these labels may announce under this advertisement. */
  public boolean selectsNode(Map<String, String> nodeLabels) {
    return PoolSelection.selectsNode(nodeSelectors, nodeLabels);
  }
}
