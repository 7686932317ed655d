package io.baremetallb.announcer.bgp.fsm;

import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.CodecOptions;
import io.baremetallb.announcer.bgp.wire.Open;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** What both OPENs agreed on (RFC 4271 §4.2 hold time, RFC 6793, RFC 4760 families). */
public record Negotiated(Open peerOpen, int holdTimeSeconds, Duration keepalive, boolean fourOctetAs,
    Set<AfiSafi> families) {
  public Negotiated {
    families = Set.copyOf(families);
  }

  /** The smaller hold time wins; keepalive is a third of it; 0 turns both off. */
  public static Negotiated of(Open local, Open peer) {
    int hold = Math.min(local.holdTime(), peer.holdTime());
    Duration keepalive = hold == 0 ? Duration.ZERO : Duration.ofMillis(hold * 1000L / 3);
    Set<AfiSafi> families = new LinkedHashSet<>(local.families());
    families.retainAll(peer.families());
    return new Negotiated(peer, hold, keepalive, local.supportsFourOctetAs() && peer.supportsFourOctetAs(), families);
  }

  public Duration holdTime() {
    return Duration.ofSeconds(holdTimeSeconds);
  }

  public CodecOptions codecOptions() {
    return fourOctetAs ? CodecOptions.FOUR_OCTET_AS : CodecOptions.TWO_OCTET_AS;
  }
}
