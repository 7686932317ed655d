package io.baremetallb.announcer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.membership.FailureDetection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncerSettingsTest {
  private final Map<String, String> env = new HashMap<>(Map.of("bmlb.node.name", "node1", "bmlb.host.ip", "192.0.2.11"));

  private AnnouncerSettings settings() {
    return AnnouncerSettings.from(k -> Optional.ofNullable(env.get(k)));
  }

  private String problem() {
    return assertThrows(IllegalArgumentException.class, this::settings).getMessage();
  }

  @Test
  void defaultsAreMetallbsPortsTheDefaultProfileAndSplitBrainProtection() {
    AnnouncerSettings s = settings();
    assertEquals(7946, s.memberlistPort());
    assertEquals(7947, s.failureDetectionPort());
    assertEquals(FailureDetection.DEFAULT, s.detection());
    assertEquals("192.0.2.11", s.bindAddress().getHostAddress());
    assertTrue(s.requireQuorum());
    assertTrue(s.layer2());
    assertEquals("metallb-system", s.controller().namespace());
    assertTrue(s.controller().claimClassless(), "no class configured: class-less Services are ours");
    assertEquals(Optional.empty(), s.secretKey());
  }

  @Test
  void theFastProfileAndExplicitTimingsAreHonoured() {
    env.put("bmlb.memberlist.profile", "fast");
    assertEquals(FailureDetection.FAST, settings().detection());
    env.put("bmlb.memberlist.heartbeat.ms", "50");
    env.put("bmlb.memberlist.timeout.ms", "200");
    assertEquals(FailureDetection.of(50, 200), settings().detection());
  }

  @Test
  void aConfiguredClassMakesClasslessServicesNotOurs() {
    env.put("bmlb.loadbalancer.class", "baremetallb.io/lb");
    assertFalse(settings().controller().claimClassless());
  }

  @Test
  void everyBadSettingIsNamedInOneMessage() {
    env.remove("bmlb.node.name");
    env.put("bmlb.memberlist.port", "79460");
    env.put("bmlb.l2.enabled", "yes");
    env.put("bmlb.memberlist.profile", "turbo");
    String p = problem();
    assertTrue(p.contains("BMLB_NODE_NAME is required"), p);
    assertTrue(p.contains("BMLB_MEMBERLIST_PORT is \"79460\", not a whole number from 1 to 65535"), p);
    assertTrue(p.contains("BMLB_L2_ENABLED is \"yes\", not true or false"), p);
    assertTrue(p.contains("BMLB_MEMBERLIST_PROFILE is \"turbo\", not default or fast"), p);
  }

  @Test
  void theBindAddressMustBeAnIpAndThePortsMustDiffer() {
    env.put("bmlb.memberlist.bind.address", "node1.example");
    env.put("bmlb.memberlist.failure.detection.port", "7946");
    String p = problem();
    assertTrue(p.contains("is \"node1.example\", not an IP address"), p);
    assertTrue(p.contains("are both 7946; they must differ"), p);
  }

  @Test
  void aTimeoutNotAboveTheHeartbeatIsRefused() {
    env.put("bmlb.memberlist.heartbeat.ms", "300");
    env.put("bmlb.memberlist.timeout.ms", "100");
    assertTrue(problem().contains("must exceed the heartbeat interval"), problem());
  }
}
