package io.baremetallb.announcer.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A capability advertised in OPEN (RFC 5492). Unknown codes are carried through as bytes. */
public sealed interface Capability {
  int MULTIPROTOCOL = 1;     // RFC 4760 §8
  int ROUTE_REFRESH = 2;     // RFC 2918 §2
  int GRACEFUL_RESTART = 64; // RFC 4724 §3
  int FOUR_OCTET_AS = 65;    // RFC 6793 §3

  int code();

  /** Multiprotocol Extensions for one AFI/SAFI. */
  record MultiProtocol(AfiSafi family) implements Capability {
    @Override
    public int code() {
      return MULTIPROTOCOL;
    }
  }

  record RouteRefresh() implements Capability {
    @Override
    public int code() {
      return ROUTE_REFRESH;
    }
  }

  /** Support for 4-octet AS numbers, carrying the speaker's real AS. */
  record FourOctetAs(long asn) implements Capability {
    public FourOctetAs {
      if (asn < 0 || asn > 0xffffffffL) {
        throw new IllegalArgumentException("AS number out of range: " + asn);
      }
    }

    @Override
    public int code() {
      return FOUR_OCTET_AS;
    }
  }

  /**
   * Graceful Restart: R (restart state), N (graceful notification, RFC 8538), restart time in
   * seconds (12 bits), and the families whose forwarding state is kept.
   */
  record GracefulRestart(boolean restarting, boolean notification, int restartTimeSeconds,
      List<GrFamily> families) implements Capability {
    public GracefulRestart {
      if (restartTimeSeconds < 0 || restartTimeSeconds > 0xfff) {
        throw new IllegalArgumentException("restart time must fit 12 bits: " + restartTimeSeconds);
      }
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return GRACEFUL_RESTART;
    }
  }

  record GrFamily(AfiSafi family, boolean forwardingPreserved) {
  }

  /** A capability we do not interpret; kept byte for byte. */
  record Unknown(int code, byte[] value) implements Capability {
    public Unknown {
      if (code < 0 || code > 0xff || value.length > 0xff) {
        throw new IllegalArgumentException("capability code " + code + " / length " + value.length + " out of range");
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * code + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
  }
}
