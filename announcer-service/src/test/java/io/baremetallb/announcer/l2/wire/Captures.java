package io.baremetallb.announcer.l2.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.bytes;

/** Neighbour discovery packets captured from Linux, shared by the codec and responder tests. */
public final class Captures {
  private Captures() {
  }

  // `ndisc6 2001:db8::b eth0` (ndisc6 1.0.5, Linux 6.1), captured with tcpdump -xx: IPv6 payload
  // of the Ethernet frame 33:33:ff:00:00:0b < 02:00:00:00:00:0a type 0x86dd
  public static final byte[] NS = bytes(
      0x60, 0x07, 0x85, 0x73,             // version 6, traffic class 0, flow label 0x78573
      0x00, 0x20,                         // payload length: 32
      58,                                 // next header: ICMPv6
      255,                                // hop limit
      0xfe, 0x80, 0, 0, 0, 0, 0, 0,       // source fe80::ff:fe00:a
      0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x0a,
      0xff, 0x02, 0, 0, 0, 0, 0, 0,       // destination ff02::1:ff00:b (solicited-node)
      0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x0b,
      135,                                // ICMPv6 type: neighbor solicitation
      0,                                  // code
      0x4c, 0x3b,                         // checksum
      0x00, 0x00, 0x00, 0x00,             // reserved
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, // target 2001:db8::b
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
      1,                                  // option: source link-layer address
      1,                                  // length: 1 x 8 bytes
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0a);// the solicitor's MAC

  // The Linux kernel's answer to NS, same capture (02:00:00:00:00:0a < 02:00:00:00:00:0b)
  public static final byte[] NA = bytes(
      0x60, 0x00, 0x00, 0x00,             // version 6, traffic class 0, flow label 0
      0x00, 0x20,                         // payload length: 32
      58,                                 // next header: ICMPv6
      255,                                // hop limit
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, // source 2001:db8::b
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
      0xfe, 0x80, 0, 0, 0, 0, 0, 0,       // destination fe80::ff:fe00:a (the solicitor)
      0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x0a,
      136,                                // ICMPv6 type: neighbor advertisement
      0,                                  // code
      0xba, 0x85,                         // checksum
      0x60, 0x00, 0x00, 0x00,             // flags: R=0 S=1 O=1, reserved
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, // target 2001:db8::b
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
      2,                                  // option: target link-layer address
      1,                                  // length: 1 x 8 bytes
      0x02, 0x00, 0x00, 0x00, 0x00, 0x0b);// the advertiser's MAC
}
