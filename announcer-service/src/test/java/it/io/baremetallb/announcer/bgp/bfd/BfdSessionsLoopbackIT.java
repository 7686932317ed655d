package it.io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.bfd.BfdSessionConfig;
import io.baremetallb.announcer.bgp.bfd.BfdSessionStatus;
import io.baremetallb.announcer.bgp.bfd.BfdSessions;
import io.baremetallb.announcer.bgp.bfd.BfdState;
import io.baremetallb.announcer.bgp.bfd.DropReason;
import io.baremetallb.announcer.bgp.bfd.SessionTable;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native socket layer without root or namespaces: a session with 127.0.0.1 (and ::1) hears
 * its own packets on the shared socket and comes Up (RFC 5880's looped-back session), which
 * exercises socket options, sendto, recvmsg with the TTL control message, poll and the eventfd.
 * A port above 3784 keeps it clear of any real BFD on the machine.
 */
class BfdSessionsLoopbackIT {
  static final BfdSessionConfig FAST = new BfdSessionConfig(100_000, 100_000, 3, false, 255);
  final int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
  BfdSessions sessions;

  @BeforeEach
  void open() throws Exception {
    sessions = new BfdSessions(InstantSource.system(), new SplittableRandom(), port, new SessionTable.Listener() {
      @Override
      public void sessionUp(BfdSessionStatus s) {
      }

      @Override
      public void sessionDown(BfdSessionStatus s) {
      }
    });
  }

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void loopedBackSessionsComeUpOnIpv4AndIpv6WithTtl255() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");
    sessions.add(v4, FAST);
    sessions.add(v6, FAST);
    assertTrue(BfdLab.await(Duration.ofSeconds(10), () -> sessions.status().stream().allMatch(BfdSessionStatus::up)),
        () -> sessions.status() + " drops " + sessions.drops());
    assertEquals(null, sessions.drops().get(DropReason.TTL_TOO_LOW), "every packet arrived with TTL 255");
  }

  @Test
  void packetWithTheDefaultTtlIsDropped() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    sessions.add(v4, new BfdSessionConfig(100_000, 100_000, 3, true, 255)); // passive: it sends nothing itself
    byte[] down = {0x20, 0x40, 3, 24, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40, 0, 1, (byte) 0x86, (byte) 0xa0, 0, 0, 0, 0};
    try (DatagramSocket s = new DatagramSocket()) { // the JDK sends unicast with TTL 64
      s.send(new DatagramPacket(down, down.length, v4, port));
    }
    assertTrue(BfdLab.await(Duration.ofSeconds(5), () -> sessions.drops().containsKey(DropReason.TTL_TOO_LOW)),
        () -> "drops " + sessions.drops());
    assertEquals(List.of(BfdState.DOWN), sessions.status().stream().map(BfdSessionStatus::state).toList());
  }
}
