package io.baremetallb.announcer.bgp.rib;

import io.baremetallb.announcer.bgp.wire.Afi;
import io.baremetallb.announcer.bgp.wire.BgpCodec;
import io.baremetallb.announcer.bgp.wire.BgpFramer;
import io.baremetallb.announcer.bgp.wire.PathAttribute;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.bgp.wire.Update;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Packs prefixes into as few UPDATEs as fit in 4096 bytes (RFC 4271 §4.3): IPv4 in the classic
 * fields, other families in MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760).
 */
final class UpdatePacker {
  /** Room for the Extended Length octet an MP attribute gains once it passes 255 bytes. */
  private static final int EXTENDED_LENGTH_SLACK = 1;

  private UpdatePacker() {
  }

  static List<Update> withdrawals(Afi afi, List<Prefix> prefixes) {
    if (afi == Afi.IPV4) {
      return pack(prefixes, chunk -> new Update(chunk, List.of(), List.of()));
    }
    return pack(prefixes, chunk -> new Update(List.of(), List.of(new PathAttribute.MpUnreach(afi, chunk)), List.of()));
  }

  /** {@code attributes} exclude MP_REACH_NLRI, which this adds for non-IPv4 families. */
  static List<Update> announcements(Afi afi, List<PathAttribute> attributes, List<InetAddress> mpNextHops,
      List<Prefix> prefixes) {
    if (afi == Afi.IPV4) {
      return pack(prefixes, chunk -> new Update(List.of(), attributes, chunk));
    }
    return pack(prefixes, chunk -> {
      List<PathAttribute> all = new ArrayList<>(attributes);
      all.add(new PathAttribute.MpReach(afi, mpNextHops, chunk));
      return new Update(List.of(), all, List.of());
    });
  }

  private static List<Update> pack(List<Prefix> prefixes, Function<List<Prefix>, Update> build) {
    List<Update> out = new ArrayList<>();
    if (prefixes.isEmpty()) {
      return out;
    }
    int base = BgpCodec.encode(build.apply(List.of())).length + EXTENDED_LENGTH_SLACK;
    List<Prefix> chunk = new ArrayList<>();
    int size = base;
    for (Prefix p : prefixes) {
      if (size + p.encodedLength() > BgpFramer.MAX_MESSAGE_LENGTH) {
        out.add(build.apply(chunk));
        chunk = new ArrayList<>();
        size = base;
      }
      chunk.add(p);
      size += p.encodedLength();
    }
    out.add(build.apply(chunk));
    return out;
  }
}
