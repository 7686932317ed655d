package io.baremetallb.announcer.l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.l2.io.InMemoryFrameChannel;
import io.baremetallb.announcer.l2.io.InterfaceInfo;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.ip.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Layer2SpeakerTest {
  private static final int UP = InterfaceInfo.IFF_UP;
  private static final Optional<MacAddress> MAC = Optional.of(MacAddress.parse("02:00:00:00:00:0b"));
  private static final IpAddress VIP = IpAddress.parse("192.0.2.100");
  private static final IpAddress VIP2 = IpAddress.parse("192.0.2.101");

  private final List<InterfaceInfo> interfaces = new ArrayList<>();
  private final Map<String, InMemoryFrameChannel> opened = new HashMap<>();
  private final Map<String, IOException> refuse = new HashMap<>();
  private final Layer2Speaker speaker = new Layer2Speaker(this::open, () -> List.copyOf(interfaces),
      new Layer2Counters(), new ManualScheduler(), GratuitousAnnouncer.Schedule.DEFAULT, Thread::new);

  private InMemoryFrameChannel open(String name) throws IOException {
    IOException no = refuse.get(name);
    if (no != null) {
      throw no;
    }
    InMemoryFrameChannel c = new InMemoryFrameChannel(name, MAC.get());
    opened.put(name, c);
    return c;
  }

  private static InterfaceInfo nic(String name, String operState) {
    return new InterfaceInfo(name, name.hashCode() & 0xffff, InterfaceInfo.ARPHRD_ETHER, MAC, UP, operState,
        operState.equals("up"), Optional.empty(), false, false);
  }

  @AfterEach
  void close() {
    speaker.close();
  }

  @Test
  void opensEveryInterfaceTheDefaultRuleSelectsAndNoOther() {
    interfaces.addAll(List.of(nic("eth0", "up"), nic("eth1", "up"), nic("veth12ab", "up"), nic("cali0", "up")));
    speaker.refresh();
    assertEquals(Set.of("eth0", "eth1"), speaker.openInterfaces());
    assertEquals(InterfaceSelection.Exclusion.EXCLUDED_NAME, speaker.excluded().get("veth12ab"));
    assertTrue(speaker.ready());
  }

  @Test
  void anIpWithoutNamedInterfacesIsAnsweredOnEveryDefaultInterface() {
    interfaces.addAll(List.of(nic("eth0", "up"), nic("eth1", "up")));
    speaker.refresh();
    speaker.setOwned(Map.of(VIP, Optional.empty()));
    assertEquals(Map.of("eth0", Set.of(VIP), "eth1", Set.of(VIP)), speaker.announcedByInterface());
    // the takeover burst went out on both
    assertFalse(opened.get("eth0").takeSent().isEmpty());
    assertFalse(opened.get("eth1").takeSent().isEmpty());
  }

  @Test
  void namedInterfacesRestrictAnIpAndMayNameAnInterfaceTheDefaultRuleLeavesOut() {
    interfaces.addAll(List.of(nic("eth0", "up"), nic("eth1", "up"), nic("vxlan7", "up")));
    speaker.refresh();
    speaker.setListedInterfaces(Set.of("eth1", "vxlan7"));
    speaker.setOwned(Map.of(VIP, Optional.of(Set.of("eth1")), VIP2, Optional.of(Set.of("vxlan7"))));
    assertEquals(Map.of("eth0", Set.of(), "eth1", Set.of(VIP), "vxlan7", Set.of(VIP2)),
        speaker.announcedByInterface());
  }

  @Test
  void losingAnIpReleasesItOnEveryInterfaceAtOnce() {
    interfaces.add(nic("eth0", "up"));
    speaker.refresh();
    speaker.setOwned(Map.of(VIP, Optional.empty(), VIP2, Optional.empty()));
    speaker.setOwned(Map.of(VIP2, Optional.empty()));
    assertEquals(Map.of("eth0", Set.of(VIP2)), speaker.announcedByInterface());
  }

  @Test
  void aVanishedInterfaceIsClosedAndANewOneOpenedWithTheOwnedIps() {
    interfaces.add(nic("eth0", "up"));
    speaker.refresh();
    speaker.setOwned(Map.of(VIP, Optional.empty()));
    interfaces.clear();
    interfaces.add(nic("eth1", "up"));
    speaker.refresh();
    assertTrue(opened.get("eth0").isClosed());
    assertEquals(Map.of("eth1", Set.of(VIP)), speaker.announcedByInterface());
  }

  @Test
  void anInterfaceThatCannotBeOpenedMakesTheSpeakerUnreadyWithTheErrorAndIsRetried() {
    interfaces.add(nic("eth0", "up"));
    refuse.put("eth0", new IOException("socket(AF_PACKET) on eth0: Operation not permitted (EPERM)"));
    speaker.refresh();
    assertFalse(speaker.ready());
    assertEquals(Map.of("eth0", "socket(AF_PACKET) on eth0: Operation not permitted (EPERM)"), speaker.failures());
    refuse.clear();
    speaker.refresh();
    assertTrue(speaker.ready());
    assertEquals(Set.of("eth0"), speaker.openInterfaces());
  }

  @Test
  void linkIsReportedFromTheOperationalStateOfTheOpenInterfaces() {
    interfaces.add(nic("eth0", "up"));
    speaker.refresh();
    assertTrue(speaker.hasLink());
    interfaces.set(0, nic("eth0", "lowerlayerdown"));
    speaker.refresh();
    assertFalse(speaker.hasLink());
    assertEquals(Set.of("eth0"), speaker.openInterfaces(), "kept open, so carrier coming back needs no reopen");
  }
}
