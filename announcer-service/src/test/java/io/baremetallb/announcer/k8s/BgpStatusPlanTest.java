package io.baremetallb.announcer.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.k8s.BgpStatusPlan.Create;
import io.baremetallb.announcer.k8s.BgpStatusPlan.Delete;
import io.baremetallb.announcer.k8s.BgpStatusPlan.Existing;
import io.baremetallb.announcer.k8s.BgpStatusPlan.SetPeers;
import io.baremetallb.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BgpStatusPlanTest {
  static final ServiceKey WEB = new ServiceKey("default", "web");
  static final ServiceKey DNS = new ServiceKey("kube-system", "dns");

  @Test
  void aNewlyAdvertisedServiceGetsAnObjectWithItsPeersSorted() {
    assertEquals(List.of(new Create("default-web-n1", WEB, List.of("rr", "tor"))),
        BgpStatusPlan.diff("n1", Map.of(WEB, Set.of("tor", "rr")), List.of()));
  }

  @Test
  void changedPeersAreSetAndUnchangedOnesLeftAlone() {
    List<Existing> now = List.of(new Existing("default-web-n1", WEB, List.of("rr", "tor")),
        new Existing("kube-system-dns-n1", DNS, List.of("tor")));
    assertEquals(List.of(new SetPeers("default-web-n1", WEB, List.of("tor"))),
        BgpStatusPlan.diff("n1", Map.of(WEB, Set.of("tor"), DNS, Set.of("tor")), now));
  }

  @Test
  void aServiceNoLongerAdvertisedDuplicatesAndUnlabelledObjectsAreDeleted() {
    List<Existing> now = List.of(new Existing("default-web-n1", WEB, List.of("tor")),
        new Existing("web-copy", WEB, List.of("tor")), new Existing("stray", null, List.of()),
        new Existing("kube-system-dns-n1", DNS, List.of("tor")));
    assertEquals(List.of(new Delete("web-copy"), new Delete("stray"), new Delete("kube-system-dns-n1")),
        BgpStatusPlan.diff("n1", Map.of(WEB, Set.of("tor")), now));
  }

  @Test
  void longNamesAreCutWithAHashAndStayDistinct() {
    String longName = "s".repeat(250);
    String a = BgpStatusPlan.objectName(new ServiceKey("default", longName + "a"), "n1");
    String b = BgpStatusPlan.objectName(new ServiceKey("default", longName + "b"), "n1");
    assertEquals(253, a.length());
    assertNotEquals(a, b);
    assertTrue(a.matches("[a-z0-9-]+"), a);
  }
}
