package io.baremetallb.announcer.bgp.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.announcer.bgp.bfd.BfdMetrics.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BfdMetricsTest {
  @Test
  void oneSeriesPerCounterWithMetallbNamesAndThePeerLabel() {
    BfdSessionStatus flapped = new BfdSessionStatus(SessionTableTest.ip("192.0.2.1"), BfdState.DOWN,
        Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, BfdState.UP, Duration.ofMillis(300), 2, 2, 40, 45);
    BfdSessionStatus up = new BfdSessionStatus(SessionTableTest.ip("2001:db8::1"), BfdState.UP,
        Diagnostic.NONE, BfdState.UP, Duration.ofMillis(300), 1, 0, 7, 8);
    assertEquals(List.of(
        new Sample("metallb_bfd_session_up", "192.0.2.1", 0),
        new Sample("metallb_bfd_session_up_events", "192.0.2.1", 2),
        new Sample("metallb_bfd_session_down_events", "192.0.2.1", 2),
        new Sample("metallb_bfd_control_packet_input", "192.0.2.1", 40),
        new Sample("metallb_bfd_control_packet_output", "192.0.2.1", 45),
        new Sample("metallb_bfd_session_up", "2001:db8:0:0:0:0:0:1", 1),
        new Sample("metallb_bfd_session_up_events", "2001:db8:0:0:0:0:0:1", 1),
        new Sample("metallb_bfd_session_down_events", "2001:db8:0:0:0:0:0:1", 0),
        new Sample("metallb_bfd_control_packet_input", "2001:db8:0:0:0:0:0:1", 7),
        new Sample("metallb_bfd_control_packet_output", "2001:db8:0:0:0:0:0:1", 8)),
        BfdMetrics.samples(List.of(flapped, up)));
  }
}
