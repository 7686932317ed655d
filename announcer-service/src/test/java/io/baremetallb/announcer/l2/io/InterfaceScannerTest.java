package io.baremetallb.announcer.l2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceScannerTest {
  @TempDir
  Path sys;

  /** One interface directory as /sys/class/net shows it (Linux 6.1). */
  private Path iface(String name, int index, String flags, String operstate, String carrier)
      throws IOException {
    Path d = Files.createDirectories(sys.resolve(name));
    Files.writeString(d.resolve("ifindex"), index + "\n");
    Files.writeString(d.resolve("type"), "1\n");
    Files.writeString(d.resolve("address"), "02:00:00:00:00:0" + index + "\n");
    Files.writeString(d.resolve("flags"), flags + "\n");
    Files.writeString(d.resolve("operstate"), operstate + "\n");
    if (carrier != null) {
      Files.writeString(d.resolve("carrier"), carrier + "\n");
    }
    return d;
  }

  @Test
  void readsIndexMacFlagsAndLinkState() throws IOException {
    iface("eth0", 2, "0x1003", "up", "1");
    InterfaceInfo eth0 = new InterfaceScanner(sys).scan().get(0);
    assertEquals(new InterfaceInfo("eth0", 2, 1, Optional.of(MacAddress.parse("02:00:00:00:00:02")),
        0x1003, "up", true, Optional.empty(), false, false), eth0);
    assertTrue(eth0.hasLink(), "sysfs flags lack IFF_RUNNING; operstate up means link");
  }

  @Test
  void upWithoutCarrierHasNoLink() throws IOException {
    iface("eth5", 9, "0x1003", "lowerlayerdown", "0");
    assertFalse(new InterfaceScanner(sys).scan().get(0).hasLink());
  }

  @Test
  void aDownInterfaceWithoutReadableCarrierHasNoCarrier() throws IOException {
    iface("eth1", 3, "0x1002", "down", null);
    InterfaceInfo eth1 = new InterfaceScanner(sys).scan().get(0);
    assertFalse(eth1.carrier());
    assertFalse(eth1.hasFlag(InterfaceInfo.IFF_UP));
    assertFalse(eth1.hasLink());
  }

  @Test
  void detectsBridgePortsAndBondSlavesByTheirSysfsDirectories() throws IOException {
    Path br0 = iface("br0", 4, "0x1003", "up", "1");
    Path bond0 = iface("bond0", 5, "0x1403", "up", "1");
    Files.createDirectory(iface("eth2", 6, "0x1003", "up", "1").resolve("brport"));
    Files.createSymbolicLink(sys.resolve("eth2").resolve("master"), br0);
    Files.createDirectory(iface("eth3", 7, "0x1803", "up", "1").resolve("bonding_slave"));
    Files.createSymbolicLink(sys.resolve("eth3").resolve("master"), bond0);
    List<InterfaceInfo> all = new InterfaceScanner(sys).scan();
    assertEquals(List.of("bond0", "br0", "eth2", "eth3"), all.stream().map(InterfaceInfo::name).toList());
    assertTrue(all.get(2).bridgePort());
    assertEquals(Optional.of("br0"), all.get(2).master());
    assertTrue(all.get(3).bondSlave());
    assertEquals(Optional.of("bond0"), all.get(3).master());
  }

  @Test
  void aNonEthernetAddressReadsAsNoMac() throws IOException {
    Path d = iface("tunl0", 8, "0xc1", "unknown", "1");
    Files.writeString(d.resolve("address"), "00:00:00:00\n");
    assertEquals(Optional.empty(), new InterfaceScanner(sys).scan().get(0).mac());
  }
}
