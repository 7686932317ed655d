package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;
import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static io.baremetallb.announcer.bgp.wire.Bytes.marker;

import java.util.List;

/**
 * Hand-written messages, one field per line, laid out after the RFC figures they cite. The
 * addresses and ASNs are from the documentation ranges (RFC 5737, RFC 3849, RFC 5398, RFC 6996).
 */
final class Vectors {
  private Vectors() {
  }

  // RFC 4271 §4.4: KEEPALIVE is the header alone
  static final byte[] KEEPALIVE = concat(marker(), bytes(
      0x00, 0x13,                 // length 19
      4));                        // type KEEPALIVE

  // RFC 4271 §4.2 + RFC 5492 capabilities, as FRR 8.4 lays them out (one parameter, many caps)
  static final byte[] OPEN = concat(marker(), bytes(
      0x00, 0x3d,                 // length 61
      1,                          // type OPEN
      4,                          // version
      0x5b, 0xa0,                 // my AS: AS_TRANS 23456 (RFC 6793)
      0x00, 0x5a,                 // hold time 90
      192, 0, 2, 11,              // BGP identifier
      32,                         // optional parameters length
      2, 30,                      // parameter: capabilities, 30 bytes
      1, 4, 0x00, 0x01, 0, 1,     // multiprotocol IPv4 unicast (RFC 4760 §8)
      1, 4, 0x00, 0x02, 0, 1,     // multiprotocol IPv6 unicast
      2, 0,                       // route refresh (RFC 2918)
      65, 4, 0xfa, 0x56, 0xea, 0x00, // 4-octet AS 4200000000 (RFC 6793)
      64, 6, 0x00, 0x78,          // graceful restart, no flags, restart time 120 s (RFC 4724 §3)
      0x00, 0x01, 1, 0x80,        //   IPv4 unicast, forwarding state preserved
      70, 0));                    // enhanced route refresh (RFC 7313): unknown to us, carried through

  // RFC 4271 §4.3 UPDATE with every attribute we interpret for IPv4
  static final byte[] UPDATE_V4 = concat(marker(), bytes(
      0x00, 0x70,                 // length 112
      2,                          // type UPDATE
      0x00, 0x04,                 // withdrawn routes length
      24, 198, 51, 100,           //   198.51.100.0/24
      0x00, 0x4b,                 // total path attribute length 75
      0x40, 1, 1, 0,              // ORIGIN IGP
      0x40, 2, 16,                // AS_PATH, 16 bytes
      2, 2, 0x00, 0x00, 0xfc, 0x01, 0xfa, 0x56, 0xea, 0x00, //   AS_SEQUENCE 64513 4200000000
      1, 1, 0x00, 0x00, 0xfc, 0x02, //   AS_SET {64514}
      0x40, 3, 4, 192, 0, 2, 11,  // NEXT_HOP 192.0.2.11
      0x80, 4, 4, 0, 0, 0, 100,   // MULTI_EXIT_DISC 100
      0x40, 5, 4, 0, 0, 0, 200,   // LOCAL_PREF 200
      0xc0, 8, 8,                 // COMMUNITIES (RFC 1997)
      0xff, 0xff, 0x00, 0x00,     //   65535:0 GRACEFUL_SHUTDOWN (RFC 8326)
      0xfc, 0x00, 0x00, 0x01,     //   64512:1
      0xc0, 32, 12,               // LARGE_COMMUNITIES (RFC 8092)
      0x00, 0x00, 0xfc, 0x00, 0, 0, 0, 1, 0, 0, 0, 2, //   64512:1:2
      0xe0, 99, 2, 0xab, 0xcd,    // unknown optional transitive, Partial set, type 99
      32, 203, 0, 113, 10,        // NLRI 203.0.113.10/32
      25, 192, 0, 2, 0));         // NLRI 192.0.2.0/25

  // RFC 4760 §3 MP_REACH_NLRI with a global and a link-local next hop (RFC 2545 §3)
  static final byte[] UPDATE_V6 = concat(marker(), bytes(
      0x00, 0x66,                 // length 102
      2,                          // type UPDATE
      0x00, 0x00,                 // withdrawn routes length
      0x00, 0x4f,                 // total path attribute length 79
      0x40, 1, 1, 0,              // ORIGIN IGP
      0x40, 2, 6, 2, 1, 0x00, 0x00, 0xfc, 0x01, // AS_PATH AS_SEQUENCE 64513
      0x80, 14, 63,               // MP_REACH_NLRI, 63 bytes
      0x00, 0x02, 1,              //   AFI IPv6, SAFI unicast
      32,                         //   next hop length: global + link-local
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x11, // 2001:db8:0:1::11
      0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0xff, 0xfe, 0, 0, 0x11, // fe80::200:ff:fe00:11
      0,                          //   reserved
      128, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, // 2001:db8::a/128
      64, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02)); // 2001:db8:1:2::/64

  // RFC 4271 §4.5 with the shutdown communication of RFC 9003
  static final byte[] NOTIFICATION = concat(marker(), bytes(
      0x00, 0x19,                 // length 25
      3,                          // type NOTIFICATION
      6,                          // Cease
      2,                          // Administrative Shutdown
      3, 'b', 'y', 'e'));         // data: length-prefixed UTF-8 "bye"

  // RFC 2918 §3
  static final byte[] ROUTE_REFRESH = concat(marker(), bytes(
      0x00, 0x17,                 // length 23
      5,                          // type ROUTE-REFRESH
      0x00, 0x02,                 // AFI IPv6
      0,                          // reserved (RFC 7313 subtype: normal request)
      1));                        // SAFI unicast

  // RFC 4724 §2: End-of-RIB for IPv4 is an UPDATE with nothing in it
  static final byte[] EOR_V4 = concat(marker(), bytes(
      0x00, 0x17,                 // length 23
      2,                          // type UPDATE
      0x00, 0x00,                 // withdrawn routes length
      0x00, 0x00));               // total path attribute length

  // RFC 4724 §2: End-of-RIB for IPv6 is an empty MP_UNREACH_NLRI
  static final byte[] EOR_V6 = concat(marker(), bytes(
      0x00, 0x1d,                 // length 29
      2,                          // type UPDATE
      0x00, 0x00,                 // withdrawn routes length
      0x00, 0x06,                 // total path attribute length
      0x80, 15, 3,                // MP_UNREACH_NLRI, 3 bytes
      0x00, 0x02, 1));            //   AFI IPv6, SAFI unicast

  static List<byte[]> all() {
    return List.of(KEEPALIVE, OPEN, UPDATE_V4, UPDATE_V6, NOTIFICATION, ROUTE_REFRESH, EOR_V4, EOR_V6);
  }

  /** An UPDATE around the given attribute and NLRI bytes, for the RFC 7606 rows. */
  static byte[] update(byte[] attributes, byte[] nlri) {
    int length = 19 + 4 + attributes.length + nlri.length;
    return concat(marker(), bytes(length >> 8, length & 0xff, 2, 0, 0, attributes.length >> 8, attributes.length & 0xff),
        attributes, nlri);
  }
}
