package io.baremetallb.announcer.bgp.wire;

/** KEEPALIVE: the header alone (RFC 4271 §4.4). */
public record Keepalive() implements BgpMessage {
  public static final Keepalive INSTANCE = new Keepalive();

  @Override
  public MessageType type() {
    return MessageType.KEEPALIVE;
  }
}
