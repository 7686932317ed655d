package io.baremetallb.announcer.l2.wire;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/** The two neighbour discovery messages of RFC 4861 §4.3 and §4.4 that layer 2 mode uses. */
public sealed interface NdpMessage permits NeighborSolicitation, NeighborAdvertisement {
  /** The address being resolved or advertised. */
  Inet6Address target();

  /** ICMPv6 type: 135 or 136. */
  int icmpType();

  /** Bytes after type, code and checksum. */
  int bodyLength();

  /** Writes what follows type, code and checksum. */
  void encodeBody(ByteBuffer out);
}
