package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TCP MD5 (RFC 2385) and the eBGP TTL against BIRD 2, which signs with {@code password "…"}: the
 * right password gives a session, a wrong one never does (the router's kernel drops our SYNs).
 */
@Tag("netns")
class BgpMd5BirdNetnsIT {
  static final String PASSWORD = "metallb-s3cret";
  static final String SIGNED = "password \"" + PASSWORD + "\";";
  BirdLab lab;
  SpeakerProcess speaker;

  @BeforeEach
  void labUp() throws IOException {
    lab = BirdLab.up();
  }

  @AfterEach
  void labDown() {
    if (speaker != null) {
      speaker.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  String birdState() {
    return lab.birdc("show", "protocols", "all", "node1");
  }

  SpeakerProcess speaker(String password, int ttl) throws IOException {
    return new SpeakerProcess(lab.node, 64513, "192.0.2.11", "2001:db8:0:1::11", password, ttl);
  }

  /** Nothing comes up within 8 s (BIRD and we each retry every 2 s), and our speaker did not crash. */
  void neverEstablishes(String why) throws InterruptedException {
    assertFalse(Netns.await(Duration.ofSeconds(8), () -> speaker.count("UP") > 0 || birdState().contains("Established")),
        () -> "a session came up " + why + ": " + speaker.log() + " " + birdState());
    assertTrue(speaker.log().stream().noneMatch(l -> l.contains("Exception")), speaker.log().toString());
  }

  @Test
  void theRightPasswordEstablishesAndCarriesRoutes() throws Exception {
    lab.startBird("node1", SIGNED);
    speaker = speaker(PASSWORD, 1);
    speaker.expect("UP", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().contains("Established")), birdState());
    speaker.tell("advertise 203.0.113.20/32");
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().matches("(?s).*Routes:\\s+1 imported.*")),
        () -> "BIRD imported our route over the signed session: " + birdState());
    assertEquals(0, speaker.count("DOWN"), speaker.log().toString());
  }

  @Test
  void aWrongPasswordNeverEstablishes() throws Exception {
    lab.startBird("node1", SIGNED);
    speaker = speaker("not-the-password", 1);
    neverEstablishes("with the wrong password");
  }

  @Test
  void noPasswordNeverEstablishes() throws Exception {
    lab.startBird("node1", SIGNED);
    speaker = speaker("-", 0);
    neverEstablishes("without the password");
  }

  /** GTSM (RFC 5082) on BIRD's side accepts only TTL 255: what ebgpMultiHop sets. */
  @Test
  void multihopTtl255PassesBirdsTtlSecurity() throws Exception {
    lab.startBird("node1", SIGNED + " ttl security on;");
    speaker = speaker(PASSWORD, 255);
    speaker.expect("UP", Duration.ofSeconds(20));
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> birdState().contains("Established")), birdState());
  }

  /**
   * The same router refuses TTL 1, the directly connected eBGP TTL: the handshake passes (BIRD sets
   * its minimum TTL on the accepted socket only after accept), then our packets are dropped, so
   * BIRD never reaches Established. On a loaded machine our OPEN can slip in before BIRD sets the
   * minimum TTL; BIRD then answers and we may call the session up, but our KEEPALIVEs are dropped
   * and BIRD stays in OpenConfirm: so the check is BIRD's. (A fresh BIRD per test: it waits in
   * OpenSent/OpenConfirm afterwards, since our FIN has TTL 1 too.)
   */
  @Test
  void directTtl1FailsBirdsTtlSecurity() throws Exception {
    lab.startBird("node1", SIGNED + " ttl security on;");
    speaker = speaker(PASSWORD, 1);
    assertFalse(Netns.await(Duration.ofSeconds(8), () -> birdState().contains("BGP state:          Established")),
        () -> "BIRD established with TTL 1 through GTSM: " + birdState());
    assertTrue(speaker.log().stream().noneMatch(l -> l.contains("Exception")), speaker.log().toString());
  }
}
