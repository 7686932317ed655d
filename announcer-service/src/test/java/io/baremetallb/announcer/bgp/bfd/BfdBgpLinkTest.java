package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BfdBgpLinkTest {
  static final InetAddress PEER = SessionTableTest.ip("192.0.2.1");
  final List<String> calls = new ArrayList<>();
  final List<String> forwarded = new ArrayList<>();
  final BfdBgpLink link = new BfdBgpLink(new SessionTable.Listener() {
    @Override
    public void sessionUp(BfdSessionStatus s) {
      forwarded.add("up");
    }

    @Override
    public void sessionDown(BfdSessionStatus s) {
      forwarded.add("down");
    }
  });

  BfdBgpLinkTest() {
    link.attach(PEER, new BfdBgpLink.BgpSession() {
      @Override
      public void bfdDown() {
        calls.add("bgp down");
      }

      @Override
      public void bfdUp() {
        calls.add("bgp up");
      }
    });
  }

  static BfdSessionStatus status(BfdState state, Diagnostic diag, BfdState remote) {
    return new BfdSessionStatus(PEER, state, diag, remote, java.time.Duration.ofMillis(300), 1, 1, 10, 10);
  }

  @ParameterizedTest(name = "{0}/{1}, peer {2}: BGP goes down {3}")
  @CsvSource({
      "DOWN,       CONTROL_DETECTION_TIME_EXPIRED, UP,         true",
      "DOWN,       NEIGHBOR_SIGNALED_SESSION_DOWN, DOWN,       true",
      "DOWN,       NEIGHBOR_SIGNALED_SESSION_DOWN, ADMIN_DOWN, false",
      "ADMIN_DOWN, ADMINISTRATIVELY_DOWN,          UP,         false"})
  void bgpFollowsAPathFailureButNotAnAdministrativeDown(BfdState state, Diagnostic diag, BfdState remote, boolean bgpDown) {
    link.sessionDown(status(state, diag, remote));
    assertEquals(bgpDown ? List.of("bgp down") : List.of(), calls);
    assertEquals(List.of("down"), forwarded);
  }

  @Test
  void upRestartsBgpAndOtherPeersAreLeftAlone() {
    link.sessionUp(status(BfdState.UP, Diagnostic.NONE, BfdState.UP));
    link.sessionDown(new BfdSessionStatus(SessionTableTest.ip("192.0.2.2"), BfdState.DOWN,
        Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, BfdState.UP, java.time.Duration.ofMillis(300), 1, 1, 1, 1));
    assertEquals(List.of("bgp up"), calls);
    assertEquals(List.of("up", "down"), forwarded);
  }
}
