package it.io.baremetallb.announcer.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.announcer.membership.FailureDetection;
import io.baremetallb.announcer.membership.MemberlistKey;
import io.baremetallb.announcer.membership.Membership;
import io.baremetallb.announcer.membership.MembershipConfig;
import io.baremetallb.announcer.membership.MembershipException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A taken membership port is a start failure that names the port, the address and the setting. */
class MembershipPortIT {
  @Test
  void aTakenPortFailsTheStartNamingThePortAndTheSetting() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(lo, 0));
      int port = taken.getLocalPort();
      int fdPort = port == 65535 ? port - 1 : port + 1;
      MembershipConfig config = new MembershipConfig("n1", lo, port, fdPort, FailureDetection.DEFAULT,
          MemberlistKey.derive("c2VjcmV0"), true, Duration.ofMillis(200));
      try (Membership m = new Membership(config, InstantSource.system())) {
        MembershipException e = assertThrows(MembershipException.class, () -> m.start(List.of(lo)));
        assertEquals("port " + port + " on " + lo.getHostAddress() + " is not available (Address already in use); "
            + "choose a free port with BMLB_MEMBERLIST_PORT", e.getMessage());
        assertFalse(m.joined());
      }
    }
  }
}
