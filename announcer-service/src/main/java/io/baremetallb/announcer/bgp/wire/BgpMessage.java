package io.baremetallb.announcer.bgp.wire;

/** One BGP message (RFC 4271 §4, RFC 2918). Encoding and decoding live in {@link BgpCodec}. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
  MessageType type();
}
