package io.baremetallb.announcer.bgp.wire;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A path attribute of UPDATE (RFC 4271 §4.3, §5). Wire layout in {@link AttributeCodec}. */
public sealed interface PathAttribute {
  int OPTIONAL = 0x80;
  int TRANSITIVE = 0x40;
  int PARTIAL = 0x20;
  int EXTENDED_LENGTH = 0x10;

  int ORIGIN = 1;
  int AS_PATH = 2;
  int NEXT_HOP = 3;
  int MULTI_EXIT_DISC = 4;
  int LOCAL_PREF = 5;
  int ATOMIC_AGGREGATE = 6;
  int AGGREGATOR = 7;
  int COMMUNITIES = 8;            // RFC 1997
  int MP_REACH_NLRI = 14;         // RFC 4760
  int MP_UNREACH_NLRI = 15;
  int LARGE_COMMUNITIES = 32;     // RFC 8092

  int typeCode();

  /** The Optional/Transitive/Partial flags this attribute is sent with (Extended Length is chosen by size). */
  int flags();

  record Origin(OriginType origin) implements PathAttribute {
    public int typeCode() {
      return ORIGIN;
    }

    public int flags() {
      return TRANSITIVE;
    }
  }

  record AsPath(List<AsPathSegment> segments) implements PathAttribute {
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
      segments = List.copyOf(segments);
    }

    public static AsPath sequence(Long... asns) {
      return new AsPath(List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(asns))));
    }

    public int typeCode() {
      return AS_PATH;
    }

    public int flags() {
      return TRANSITIVE;
    }
  }

  record NextHop(InetAddress address) implements PathAttribute {
    public NextHop {
      if (address.getAddress().length != 4) {
        throw new IllegalArgumentException("NEXT_HOP must be IPv4: " + address);
      }
    }

    public int typeCode() {
      return NEXT_HOP;
    }

    public int flags() {
      return TRANSITIVE;
    }
  }

  record MultiExitDisc(long value) implements PathAttribute {
    public int typeCode() {
      return MULTI_EXIT_DISC;
    }

    public int flags() {
      return OPTIONAL;
    }
  }

  record LocalPref(long value) implements PathAttribute {
    public int typeCode() {
      return LOCAL_PREF;
    }

    public int flags() {
      return TRANSITIVE;
    }
  }

  record AtomicAggregate() implements PathAttribute {
    public int typeCode() {
      return ATOMIC_AGGREGATE;
    }

    public int flags() {
      return TRANSITIVE;
    }
  }

  record Aggregator(long asn, InetAddress address) implements PathAttribute {
    public int typeCode() {
      return AGGREGATOR;
    }

    public int flags() {
      return OPTIONAL | TRANSITIVE;
    }
  }

  record Communities(List<Community> communities) implements PathAttribute {
    public Communities {
      communities = List.copyOf(communities);
    }

    public int typeCode() {
      return COMMUNITIES;
    }

    public int flags() {
      return OPTIONAL | TRANSITIVE;
    }
  }

  record LargeCommunities(List<LargeCommunity> communities) implements PathAttribute {
    public LargeCommunities {
      communities = List.copyOf(communities);
    }

    public int typeCode() {
      return LARGE_COMMUNITIES;
    }

    public int flags() {
      return OPTIONAL | TRANSITIVE;
    }
  }

  /**
   * MP_REACH_NLRI for unicast IPv4 or IPv6. {@code nextHops} holds one address, or for IPv6 a
   * global and a link-local one (RFC 2545 §3). An IPv4 next hop for IPv6 NLRI is sent IPv4-mapped.
   */
  record MpReach(Afi afi, List<InetAddress> nextHops, List<Prefix> nlri) implements PathAttribute {
    public MpReach {
      nextHops = List.copyOf(nextHops);
      nlri = List.copyOf(nlri);
      if (nextHops.isEmpty() || nextHops.size() > 2 || (nextHops.size() == 2 && afi != Afi.IPV6)) {
        throw new IllegalArgumentException("MP_REACH_NLRI needs 1 next hop (or 2 for IPv6): " + nextHops);
      }
      Update.requireFamily(afi, nlri, "MP_REACH_NLRI");
    }

    public int typeCode() {
      return MP_REACH_NLRI;
    }

    public int flags() {
      return OPTIONAL;
    }
  }

  record MpUnreach(Afi afi, List<Prefix> withdrawn) implements PathAttribute {
    public MpUnreach {
      withdrawn = List.copyOf(withdrawn);
      Update.requireFamily(afi, withdrawn, "MP_UNREACH_NLRI");
    }

    public int typeCode() {
      return MP_UNREACH_NLRI;
    }

    public int flags() {
      return OPTIONAL;
    }
  }

  /**
   * An optional transitive attribute we do not interpret, carried as received. When passed on it
   * must have the Partial bit set (RFC 4271 §5): {@link #forwarded()}.
   */
  record Unknown(int flags, int typeCode, byte[] value) implements PathAttribute {
    public Unknown {
      if (typeCode < 0 || typeCode > 0xff || flags < 0 || flags > 0xff || value.length > 0xffff) {
        throw new IllegalArgumentException("attribute type " + typeCode + " flags " + flags + " length " + value.length);
      }
      flags &= OPTIONAL | TRANSITIVE | PARTIAL; // Extended Length is chosen again on encode
      value = value.clone();
    }

    public Unknown forwarded() {
      return new Unknown(flags | PARTIAL, typeCode, value);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.flags == flags && u.typeCode == typeCode && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return (flags * 256 + typeCode) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[type=" + typeCode + ", flags=0x" + Integer.toHexString(flags) + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
  }
}
