package io.baremetallb.announcer.bgp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Open;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenCheckTest {
  static Inet4Address v4(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  @Test
  void anyExternalAcceptsEveryOtherAsAndRefusesOurs() throws Exception {
    SessionConfig config = SessionConfig.of(64513, SessionConfig.ANY_EXTERNAL_AS, v4("192.0.2.11"), 3);
    assertEquals(Optional.empty(), OpenCheck.check(config, Open.of(64512, 3, v4("192.0.2.1"), List.of())));
    assertEquals(Optional.empty(), OpenCheck.check(config, Open.of(4_200_000_000L, 3, v4("192.0.2.1"), List.of())));
    var refused = OpenCheck.check(config, Open.of(64513, 3, v4("192.0.2.1"), List.of()));
    assertTrue(refused.isPresent() && refused.get().subcode() == ErrorCode.BAD_PEER_AS, refused.toString());
    assertTrue(!config.internal(), "an external session whatever number the peer turns out to have");
  }

  @Test
  void aConfiguredAsMustMatchExactly() throws Exception {
    SessionConfig config = SessionConfig.of(64513, 64512, v4("192.0.2.11"), 3);
    assertEquals(Optional.empty(), OpenCheck.check(config, Open.of(64512, 3, v4("192.0.2.1"), List.of())));
    assertTrue(OpenCheck.check(config, Open.of(64514, 3, v4("192.0.2.1"), List.of())).isPresent());
  }
}
