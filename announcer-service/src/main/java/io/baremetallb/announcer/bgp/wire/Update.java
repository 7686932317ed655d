package io.baremetallb.announcer.bgp.wire;

import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3). {@code withdrawn} and {@code nlri} are the classic IPv4 fields; other
 * families travel in {@link PathAttribute.MpReach} / {@link PathAttribute.MpUnreach}.
 */
public record Update(List<Prefix> withdrawn, List<PathAttribute> attributes, List<Prefix> nlri) implements BgpMessage {
  public Update {
    withdrawn = List.copyOf(withdrawn);
    attributes = List.copyOf(attributes);
    nlri = List.copyOf(nlri);
    requireFamily(Afi.IPV4, withdrawn, "withdrawn routes");
    requireFamily(Afi.IPV4, nlri, "NLRI");
  }

  /** End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4, an empty MP_UNREACH_NLRI otherwise. */
  public static Update endOfRib(Afi afi) {
    if (afi == Afi.IPV4) {
      return new Update(List.of(), List.of(), List.of());
    }
    return new Update(List.of(), List.of(new PathAttribute.MpUnreach(afi, List.of())), List.of());
  }

  /** The family this UPDATE marks End-of-RIB for, if it is such a marker. */
  public Optional<Afi> endOfRibFamily() {
    if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
      return Optional.empty();
    }
    if (attributes.isEmpty()) {
      return Optional.of(Afi.IPV4);
    }
    if (attributes.size() == 1 && attributes.get(0) instanceof PathAttribute.MpUnreach u && u.withdrawn().isEmpty()) {
      return Optional.of(u.afi());
    }
    return Optional.empty();
  }

  public <T extends PathAttribute> Optional<T> attribute(Class<T> kind) {
    for (PathAttribute a : attributes) {
      if (kind.isInstance(a)) {
        return Optional.of(kind.cast(a));
      }
    }
    return Optional.empty();
  }

  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }

  static void requireFamily(Afi afi, List<Prefix> prefixes, String field) {
    for (Prefix p : prefixes) {
      if (p.afi() != afi) {
        throw new IllegalArgumentException(field + " holds " + p + ", expected " + afi);
      }
    }
  }
}
