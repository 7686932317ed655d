package io.baremetallb.config;

import io.baremetallb.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Advertise the addresses of some pools over BGP.
 *
 * @param name the BGPAdvertisement's name (from the legacy format: {@code bgpadvertisement<N>})
 * @param aggregationLength IPv4 prefix length to advertise (32: each address alone)
 * @param aggregationLengthV6 IPv6 prefix length to advertise (128: each address alone)
 * @param localPref LOCAL_PREF for iBGP peers (0: none set)
 * @param communities COMMUNITIES / LARGE_COMMUNITIES values, aliases resolved, sorted, no duplicates
 * @param ipAddressPools pools by name
 * @param ipAddressPoolSelectors pools by label; with no names and no selectors, every pool
 * @param nodeSelectors nodes that advertise (empty: every node)
 * @param peers peers (BGPPeer names) to advertise to (empty: every peer)
 */
public record BgpAdvertisement(
    String name,
    int aggregationLength,
    int aggregationLengthV6,
    long localPref,
    List<BgpCommunity> communities,
    List<String> ipAddressPools,
    List<LabelSelector> ipAddressPoolSelectors,
    List<LabelSelector> nodeSelectors,
    List<String> peers) implements PoolSelection {

  public static final int DEFAULT_AGGREGATION_LENGTH = 32;
  public static final int DEFAULT_AGGREGATION_LENGTH_V6 = 128;

  public BgpAdvertisement {
    Objects.requireNonNull(name, "name");
    communities = List.copyOf(communities);
    ipAddressPools = List.copyOf(ipAddressPools);
    ipAddressPoolSelectors = List.copyOf(ipAddressPoolSelectors);
    nodeSelectors = List.copyOf(nodeSelectors);
    peers = List.copyOf(peers);
  }

  /** Whether a node with these labels advertises under this advertisement. */
  public boolean selectsNode(Map<String, String> nodeLabels) {
    return PoolSelection.selectsNode(nodeSelectors, nodeLabels);
  }

  /** Whether this advertisement goes to the named peer. */
  public boolean selectsPeer(String peer) {
    return peers.isEmpty() || peers.contains(peer);
  }
}
