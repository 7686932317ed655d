package io.baremetallb.announcer.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BgpMetricsTest {
  @Test
  void countsUpdatesAcrossFlapsAndZeroesAnnouncedWhenDown() {
    BgpMetrics m = new BgpMetrics();
    m.register("192.0.2.1:179");
    m.sessionUp("192.0.2.1:179");
    m.sent("192.0.2.1:179", 3, 250);
    m.sessionDown("192.0.2.1:179");
    m.sessionUp("192.0.2.1:179");
    m.sent("192.0.2.1:179", 2, 251);
    assertEquals(Map.of("192.0.2.1:179", new BgpMetrics.PeerValues(1, 5, 251)), m.snapshot());
    m.sessionDown("192.0.2.1:179");
    assertEquals(new BgpMetrics.PeerValues(0, 5, 0), m.snapshot().get("192.0.2.1:179"));
  }

  @Test
  void aRemovedPeerStaysGoneWhateverItsDriverReportsLate() {
    BgpMetrics m = new BgpMetrics();
    m.register("192.0.2.1:179");
    m.remove("192.0.2.1:179");
    m.sessionDown("192.0.2.1:179");
    m.sent("192.0.2.1:179", 1, 1);
    assertEquals(Map.of(), m.snapshot());
  }

  @Test
  void prometheusTextUsesMetallbsNames() {
    BgpMetrics m = new BgpMetrics();
    m.register("[2001:db8::1]:179");
    m.sessionUp("[2001:db8::1]:179");
    m.sent("[2001:db8::1]:179", 1, 2);
    assertEquals("""
        # TYPE metallb_bgp_session_up gauge
        metallb_bgp_session_up{peer="[2001:db8::1]:179"} 1
        # TYPE metallb_bgp_updates_total counter
        metallb_bgp_updates_total{peer="[2001:db8::1]:179"} 1
        # TYPE metallb_bgp_announced_prefixes_total gauge
        metallb_bgp_announced_prefixes_total{peer="[2001:db8::1]:179"} 2
        """, m.prometheusText());
  }
}
