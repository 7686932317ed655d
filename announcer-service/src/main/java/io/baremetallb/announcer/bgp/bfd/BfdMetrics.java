package io.baremetallb.announcer.bgp.bfd;

import java.util.ArrayList;
import java.util.List;

/**
 * The BFD series MetalLB's FRR mode exports, under the same names so that dashboards keep
 * working, computed from {@link BfdSessionStatus} snapshots. The metrics registry that publishes
 * them belongs to the application wiring; this class only decides names and values.
 */
public final class BfdMetrics {
  /** One sample: a series name, its {@code peer} label and the value. */
  public record Sample(String name, String peer, long value) {
  }

  public static final String SESSION_UP = "metallb_bfd_session_up";
  public static final String UP_EVENTS = "metallb_bfd_session_up_events";
  public static final String DOWN_EVENTS = "metallb_bfd_session_down_events";
  public static final String PACKETS_IN = "metallb_bfd_control_packet_input";
  public static final String PACKETS_OUT = "metallb_bfd_control_packet_output";

  private BfdMetrics() {
  }

  public static List<Sample> samples(List<BfdSessionStatus> sessions) {
    List<Sample> out = new ArrayList<>();
    for (BfdSessionStatus s : sessions) {
      String peer = s.peer().getHostAddress();
      out.add(new Sample(SESSION_UP, peer, s.up() ? 1 : 0));
      out.add(new Sample(UP_EVENTS, peer, s.upEvents()));
      out.add(new Sample(DOWN_EVENTS, peer, s.downEvents()));
      out.add(new Sample(PACKETS_IN, peer, s.packetsIn()));
      out.add(new Sample(PACKETS_OUT, peer, s.packetsOut()));
    }
    return out;
  }
}
