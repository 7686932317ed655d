package io.baremetallb.announcer.l2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.announcer.l2.InterfaceSelection.Exclusion;
import io.baremetallb.announcer.l2.io.InterfaceInfo;
import io.baremetallb.announcer.l2.wire.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterfaceSelectionTest {
  private static final int UP = InterfaceInfo.IFF_UP | InterfaceInfo.IFF_RUNNING;
  private static final Optional<MacAddress> MAC = Optional.of(MacAddress.parse("02:00:00:00:00:0b"));

  private static InterfaceInfo nic(String name, int flags) {
    return new InterfaceInfo(name, 2, InterfaceInfo.ARPHRD_ETHER, MAC, flags, "up", true,
        Optional.empty(), false, false);
  }

  // A node as the document's clusters have it: a LAN NIC, a bond over two NICs, a bridge with
  // a port, the loopback, kube-proxy's IPVS dummy, Calico and Flannel devices, a tunnel.
  static final List<InterfaceInfo> NODE = List.of(
      nic("eth0", UP),
      new InterfaceInfo("eth1", 3, 1, MAC, UP, "up", true, Optional.of("bond0"), false, true),
      nic("bond0", UP),
      new InterfaceInfo("eth2", 5, 1, MAC, UP, "up", true, Optional.of("br0"), true, false),
      nic("br0", UP),
      new InterfaceInfo("lo", 1, 772, Optional.of(MacAddress.ZERO), UP | InterfaceInfo.IFF_LOOPBACK,
          "unknown", true, Optional.empty(), false, false),
      nic("kube-ipvs0", InterfaceInfo.IFF_UP | InterfaceInfo.IFF_NOARP),
      nic("cali1234abcd", UP),
      nic("flannel.1", UP),
      nic("veth9f3a", UP),
      nic("eth3", 0),
      new InterfaceInfo("tunl0", 9, 768, Optional.empty(), UP | InterfaceInfo.IFF_NOARP, "unknown",
          false, Optional.empty(), false, false));

  @Test
  void byDefaultAnswersOnUpEthernetInterfacesThatOwnTheirAddresses() {
    InterfaceSelection.Result r = InterfaceSelection.select(NODE, Set.of());
    assertEquals(List.of("eth0", "bond0", "br0"), r.selected().stream().map(InterfaceInfo::name).toList());
    assertEquals(Map.of(
        "eth1", Exclusion.BOND_SLAVE,
        "eth2", Exclusion.BRIDGE_PORT,
        "lo", Exclusion.LOOPBACK,
        "kube-ipvs0", Exclusion.NOARP,
        "cali1234abcd", Exclusion.EXCLUDED_NAME,
        "flannel.1", Exclusion.EXCLUDED_NAME,
        "veth9f3a", Exclusion.EXCLUDED_NAME,
        "eth3", Exclusion.DOWN,
        "tunl0", Exclusion.NOT_ETHERNET), r.excluded());
  }

  @Test
  void anInterfaceListSelectsExactlyThoseInterfaces() {
    InterfaceSelection.Result r = InterfaceSelection.select(NODE, Set.of("eth0", "veth9f3a"));
    assertEquals(List.of("eth0", "veth9f3a"), r.selected().stream().map(InterfaceInfo::name).toList());
    assertEquals(Exclusion.NOT_LISTED, r.excluded().get("bond0"));
  }

  @Test
  void aListedInterfaceThatCannotAnswerStaysOutAndSaysWhy() {
    InterfaceSelection.Result r = InterfaceSelection.select(NODE, Set.of("eth1", "eth3", "missing0"));
    assertEquals(List.of(), r.selected());
    assertEquals(Exclusion.BOND_SLAVE, r.excluded().get("eth1"));
    assertEquals(Exclusion.DOWN, r.excluded().get("eth3"));
  }

  @Test
  void anInterfaceWithoutAnEthernetAddressIsLeftOut() {
    InterfaceInfo noMac = new InterfaceInfo("eth4", 11, 1, Optional.empty(), UP, "up", true,
        Optional.empty(), false, false);
    assertEquals(Map.of("eth4", Exclusion.NO_MAC),
        InterfaceSelection.select(List.of(noMac), Set.of()).excluded());
  }
}
