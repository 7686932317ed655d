package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.model.Annotations;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotationsTest {

  @Test
  void theDocumentsAnnotationsAreRead() {
    // the document's two Services share 192.168.5.9 through this annotation
    Map<String, String> svc = Map.of("metallb.universe.tf/allow-shared-ip", "192.168.5.9",
        "metallb.universe.tf/address-pool", "production-public-ips");
    assertEquals(Optional.of("192.168.5.9"), Annotations.sharingKey(svc));
    assertEquals(Optional.of("production-public-ips"), Annotations.addressPool(svc));
    assertEquals(Optional.empty(), Annotations.loadBalancerIps(svc));
  }

  @Test
  void theMetallbIoNameWinsOverTheOldOne() {
    Map<String, String> svc = Map.of("metallb.universe.tf/address-pool", "old", "metallb.io/address-pool", "new",
        "metallb.io/loadBalancerIPs", " 192.0.2.7,2001:db8::7 ");
    assertEquals(Optional.of("new"), Annotations.addressPool(svc));
    assertEquals(Optional.of("192.0.2.7,2001:db8::7"), Annotations.loadBalancerIps(svc));
  }

  @Test
  void blankValuesCountAsAbsent() {
    assertEquals(Optional.of("old"),
        Annotations.addressPool(Map.of("metallb.io/address-pool", " ", "metallb.universe.tf/address-pool", "old")));
  }

  @Test
  void theExclusionLabelExcludesWhateverItsValue() {
    assertTrue(Annotations.excludedFromLoadBalancers(Map.of("node.kubernetes.io/exclude-from-external-load-balancers", "")));
    assertFalse(Annotations.excludedFromLoadBalancers(Map.of("kubernetes.io/hostname", "node-1")));
  }
}
