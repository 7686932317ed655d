package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.io.InterfaceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which interfaces layer 2 mode answers on (pure). Without an interface list in the
 * L2Advertisement: every Ethernet interface that is up, is not a loopback, does not have
 * NOARP, is not a bridge port or bond slave (the bridge or bond itself answers), and whose name
 * is not one of the container-networking prefixes ({@link #DEFAULT_EXCLUDED_PREFIXES}). With a
 * list: exactly the listed interfaces, still only those that can answer ARP at all.
 */
public final class InterfaceSelection {
  /**
   * Name prefixes of interfaces made by container runtimes, CNIs (Calico, Flannel, Cilium, Weave,
   * Antrea, OVN), kube-proxy's IPVS dummy and tunnels: answering there would hand the VIP to a
   * pod network or a tunnel instead of the node's LAN.
   */
  public static final List<String> DEFAULT_EXCLUDED_PREFIXES = List.of("veth", "cali", "docker",
      "cni", "flannel", "kube-", "lxc", "tunl", "vxlan", "cilium", "weave", "genev", "antrea",
      "ovn-", "br-int", "nodelocaldns", "virbr", "tap");

  /** Why an interface was not selected. */
  public enum Exclusion {
    NOT_ETHERNET, NO_MAC, DOWN, LOOPBACK, NOARP, BRIDGE_PORT, BOND_SLAVE, EXCLUDED_NAME, NOT_LISTED
  }

  /** The chosen interfaces, and every other one with the first reason it was left out. */
  public record Result(List<InterfaceInfo> selected, Map<String, Exclusion> excluded) {
    public Result {
      selected = List.copyOf(selected);
      excluded = Map.copyOf(excluded);
    }
  }

  private InterfaceSelection() {
  }

  /**
   * @param listed the L2Advertisement's {@code interfaces}; empty means "the default rule"
   */
  public static Result select(List<InterfaceInfo> interfaces, Set<String> listed) {
    List<InterfaceInfo> selected = new ArrayList<>();
    Map<String, Exclusion> excluded = new LinkedHashMap<>();
    for (InterfaceInfo i : interfaces) {
      Exclusion why = exclusion(i, listed);
      if (why == null) {
        selected.add(i);
      } else {
        excluded.put(i.name(), why);
      }
    }
    return new Result(selected, excluded);
  }

  /** The first reason {@code i} cannot be used, or null when it can. */
  private static Exclusion exclusion(InterfaceInfo i, Set<String> listed) {
    if (!listed.isEmpty() && !listed.contains(i.name())) {
      return Exclusion.NOT_LISTED;
    }
    if (i.hasFlag(InterfaceInfo.IFF_LOOPBACK)) {
      return Exclusion.LOOPBACK;
    }
    if (i.type() != InterfaceInfo.ARPHRD_ETHER) {
      return Exclusion.NOT_ETHERNET;
    }
    if (i.mac().isEmpty()) {
      return Exclusion.NO_MAC;
    }
    if (!i.hasFlag(InterfaceInfo.IFF_UP)) {
      return Exclusion.DOWN;
    }
    if (i.hasFlag(InterfaceInfo.IFF_NOARP)) {
      return Exclusion.NOARP;
    }
    if (i.bridgePort()) {
      return Exclusion.BRIDGE_PORT;
    }
    if (i.bondSlave()) {
      return Exclusion.BOND_SLAVE;
    }
    if (listed.isEmpty() && DEFAULT_EXCLUDED_PREFIXES.stream().anyMatch(i.name()::startsWith)) {
      return Exclusion.EXCLUDED_NAME;
    }
    return null;
  }
}
