package io.baremetallb.announcer.bgp.wire;

import java.net.Inet4Address;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492). {@code myAs} is the 2-octet field:
 * AS_TRANS (23456) when the real AS needs 4 octets, which then travels in {@link Capability.FourOctetAs}.
 */
public record Open(int version, int myAs, int holdTime, Inet4Address bgpIdentifier, List<Capability> capabilities)
    implements BgpMessage {
  public static final int VERSION = 4;
  public static final int AS_TRANS = 23456; // RFC 6793 §9

  public Open {
    if (myAs < 0 || myAs > 0xffff || holdTime < 0 || holdTime > 0xffff || version < 0 || version > 0xff) {
      throw new IllegalArgumentException("OPEN field out of range: version " + version + ", AS " + myAs + ", hold " + holdTime);
    }
    capabilities = List.copyOf(capabilities);
  }

  /** An OPEN for {@code asn}, using AS_TRANS in the 2-octet field when the AS does not fit. */
  public static Open of(long asn, int holdTime, Inet4Address bgpIdentifier, List<Capability> capabilities) {
    int two = asn <= 0xffff ? (int) asn : AS_TRANS;
    return new Open(VERSION, two, holdTime, bgpIdentifier, capabilities);
  }

  /** The speaker's AS: from the 4-octet AS capability when present, else the 2-octet field. */
  public long asNumber() {
    return capability(Capability.FourOctetAs.class).map(Capability.FourOctetAs::asn).orElse((long) myAs);
  }

  public boolean supportsFourOctetAs() {
    return capability(Capability.FourOctetAs.class).isPresent();
  }

  /** The AFI/SAFIs of the Multiprotocol capabilities; IPv4 unicast alone when there are none (RFC 4760 §8). */
  public Set<AfiSafi> families() {
    Set<AfiSafi> out = new LinkedHashSet<>();
    for (Capability c : capabilities) {
      if (c instanceof Capability.MultiProtocol mp) {
        out.add(mp.family());
      }
    }
    return out.isEmpty() ? Set.of(AfiSafi.IPV4_UNICAST) : out;
  }

  public <T extends Capability> Optional<T> capability(Class<T> kind) {
    for (Capability c : capabilities) {
      if (kind.isInstance(c)) {
        return Optional.of(kind.cast(c));
      }
    }
    return Optional.empty();
  }

  @Override
  public MessageType type() {
    return MessageType.OPEN;
  }
}
