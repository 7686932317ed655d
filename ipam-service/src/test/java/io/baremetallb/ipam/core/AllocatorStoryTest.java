package io.baremetallb.ipam.core;

import static io.baremetallb.ipam.core.Story.gets;
import static io.baremetallb.ipam.core.Story.ip;
import static io.baremetallb.ipam.core.Story.refused;
import static io.baremetallb.ipam.core.Story.releases;
import static io.baremetallb.ipam.core.Story.svc;
import static io.baremetallb.ipam.core.Story.svc6;
import static io.baremetallb.ipam.core.Story.tell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.baremetallb.ipam.core.AllocationResult.Conflict;
import io.baremetallb.ipam.core.AllocationResult.NoFreeAddress;
import io.baremetallb.ipam.core.AllocationResult.NotInAnyPool;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requested IPs, automatic assignment, buggy IPs and sharing, told as stories (MetalLB's TestAssignment). */
class AllocatorStoryTest {
  private final Allocator alloc = new Allocator();

  AllocatorStoryTest() {
    alloc.setPools(List.of(
        AddressPool.of("test", "1.2.3.4/31", "1000::4/127"),
        AddressPool.of("test2", "1.2.4.0/24", "1000::4:0/120").withAvoidBuggyIps(true)));
  }

  @Test
  void requestedAddressesAreGivenOnceAndCanBeTakenAfterRelease() {
    tell(alloc,
        gets("assign s1", svc("s1").withRequestedIps(ip("1.2.3.4")), "1.2.3.4"),
        gets("s1 idempotent reassign", svc("s1").withRequestedIps(ip("1.2.3.4")), "1.2.3.4"),
        refused("s2 can't grab s1's IP", svc("s2").withRequestedIps(ip("1.2.3.4")), Conflict.class),
        gets("s2 can get the other IP", svc("s2").withRequestedIps(ip("1.2.3.5")), "1.2.3.5"),
        refused("s1 now can't grab s2's IP", svc("s1").withRequestedIps(ip("1.2.3.5")), Conflict.class),
        releases("s1 frees its IP", "s1"),
        gets("s2 can grab s1's former IP", svc("s2").withRequestedIps(ip("1.2.3.4")), "1.2.3.4"),
        gets("s1 can now grab s2's former IP", svc("s1").withRequestedIps(ip("1.2.3.5")), "1.2.3.5"),
        refused("s3 asks for an IP in no pool", svc("s3").withRequestedIps(ip("9.9.9.9")), NotInAnyPool.class));
  }

  @Test
  void poolsWithAvoidBuggyIpsNeverHandOutDotZeroOrDot255() {
    tell(alloc,
        refused("s3 cannot grab a 0 buggy IP", svc("s3").withRequestedIps(ip("1.2.4.0")), NotInAnyPool.class),
        refused("s3 cannot grab a 255 buggy IP", svc("s3").withRequestedIps(ip("1.2.4.255")), NotInAnyPool.class),
        gets("s3 can grab another IP in that pool", svc("s3").withRequestedIps(ip("1.2.4.254")), "1.2.4.254"),
        gets("s4 is given .1, not .0, from the buggy-avoiding pool", svc("s4").withPool("test2"), "1.2.4.1"));
    assertEquals(BigInteger.valueOf(254), alloc.stats().get("test2").total().subtract(BigInteger.valueOf(256)),
        "254 IPv4 (no .0 or .255) + 256 IPv6 (buggy IPs are an IPv4 notion)");
  }

  @Test
  void buggyIpSkippingCrossesEvery24() {
    alloc.setPools(List.of(AddressPool.of("wide", "10.0.0.254-10.0.2.1").withAvoidBuggyIps(true)));
    tell(alloc,
        gets("first is .254", svc("a"), "10.0.0.254"),
        gets("then the next /24's .1, skipping .255 and .0", svc("b"), "10.0.1.1"));
    assertEquals(BigInteger.valueOf(1 + 254 + 1), alloc.stats().get("wide").total());
  }

  @Test
  void sharingNeedsTheSameKeyNoPortCollisionAndTheSameLocalBackend() {
    tell(alloc,
        gets("s4 takes an IP, with sharing",
            svc("s4").withRequestedIps(ip("1.2.4.3")).withSharing("sharing", Port.tcp(80)).withBackend("app=a", true),
            "1.2.4.3"),
        gets("s4 changes its sharing key in place",
            svc("s4").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(80)).withBackend("app=a", true),
            "1.2.4.3"),
        refused("s3 can't share with s4 (port conflict)",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(80)).withBackend("app=a", true),
            Conflict.class),
        refused("s3 can't share with s4 (wrong sharing key)",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("othershare", Port.tcp(443))
                .withBackend("app=a", true), Conflict.class),
        refused("s3 can't share with s4 (wrong backend key)",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(443)).withBackend("app=b", true),
            Conflict.class),
        refused("s3 can't share with s4 (Cluster next to Local)",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(443)).withBackend("app=a", false),
            Conflict.class),
        refused("s3 can't share with s4 (no key at all)",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withPorts(Port.tcp(443)), Conflict.class),
        gets("s3 takes the same IP as s4",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(443)).withBackend("app=a", true),
            "1.2.4.3"),
        gets("s3 can change its ports while keeping the same IP",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.udp(53)).withBackend("app=a", true),
            "1.2.4.3"),
        refused("s3 can't change its sharing key while s4 is on the IP",
            svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("othershare", Port.udp(53))
                .withBackend("app=a", true), Conflict.class));
    assertEquals(List.of(new ServiceKey("default", "s3"), new ServiceKey("default", "s4")), alloc.holders(ip("1.2.4.3")));
    assertEquals(1, alloc.stats().get("test2").inUse(), "a shared IP counts once");
  }

  @Test
  void conflictsNameTheHolderAndTheRule() {
    alloc.allocate(svc("s4").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(80)));
    Conflict c = assertInstanceOf(Conflict.class,
        alloc.allocate(svc("s3").withRequestedIps(ip("1.2.4.3")).withSharing("share", Port.tcp(80))));
    assertEquals(SharingRule.PORT_COLLISION, c.rule());
    assertEquals("1.2.4.3 is in use by default/s4 and cannot be shared: both Services use the same port and "
        + "protocol (TCP/80)", c.message());
  }

  @Test
  void theDocumentsTwoServicesShareOneAddressOnPorts80And8080() {
    alloc.setPools(List.of(AddressPool.of("my-ip-space", "192.168.5.5-192.168.5.9")));
    tell(alloc,
        gets("some other Service takes the first address", svc("kube-system/other"), "192.168.5.5"),
        gets("myapp-svc, allow-shared-ip 192.168.5.9, tcp/80",
            svc("myapp-svc").withSharing("192.168.5.9", Port.tcp(80)).withBackend("app=myapp", false), "192.168.5.6"),
        gets("webapp-svc-2, same key, tcp/8080: joins myapp-svc's address",
            svc("webapp-svc-2").withSharing("192.168.5.9", Port.tcp(8080)).withBackend("app-pod=webapp-pod-2", false),
            "192.168.5.6"),
        gets("a third sharer on tcp/80 collides, so it gets its own address",
            svc("third").withSharing("192.168.5.9", Port.tcp(80)), "192.168.5.7"),
        gets("a Service without the annotation never lands on a shared address", svc("plain"), "192.168.5.8"));
    assertEquals(4, alloc.stats().get("my-ip-space").inUse(), "five Services on four addresses");
    assertEquals(BigInteger.ONE, alloc.stats().get("my-ip-space").free());
  }

  @Test
  void automaticAssignmentTakesTheLowestFreeAddressAndReportsAFullPool() {
    alloc.setPools(List.of(AddressPool.of("my-ip-space", "192.168.5.5-192.168.5.9")));
    for (int i = 0; i < 5; i++) {
      alloc.allocate(svc("s" + i));
    }
    tell(alloc,
        refused("the sixth Service finds the five addresses taken", svc("s5"), NoFreeAddress.class),
        releases("s2 goes away", "s2"),
        gets("s5 gets s2's address, the lowest free one", svc("s5"), "192.168.5.7"));
  }

  @Test
  void ipv6Slash64PoolsAreCountedExactlyAndNeverEnumerated() {
    alloc.setPools(List.of(AddressPool.of("v6", "2001:db8:0:1::/64")));
    tell(alloc,
        gets("first address of the /64", svc6("a"), "2001:db8:0:1::"),
        gets("then the next", svc6("b"), "2001:db8:0:1::1"),
        gets("a requested address deep inside", svc6("c").withRequestedIps(ip("2001:db8:0:1:ffff:ffff:ffff:fffe")),
            "2001:db8:0:1:ffff:ffff:ffff:fffe"),
        releases("a goes", "a"),
        gets("d gets the lowest free again", svc6("d"), "2001:db8:0:1::"));
    PoolStats s = alloc.stats().get("v6");
    assertEquals(BigInteger.ONE.shiftLeft(64), s.total());
    assertEquals(3, s.inUse());
    assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(3)), s.free());
  }
}
