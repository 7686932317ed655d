package io.baremetallb.announcer.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * NOTIFICATION (RFC 4271 §4.5). Code and subcode stay numbers so that a peer's codes we do not
 * know are still reported as they came.
 */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {
  public Notification {
    if (code < 0 || code > 0xff || subcode < 0 || subcode > 0xff) {
      throw new IllegalArgumentException("NOTIFICATION code/subcode out of range: " + code + "/" + subcode);
    }
    data = data.clone();
  }

  public static Notification of(ErrorCode code, int subcode) {
    return new Notification(code.byteValue(), subcode, new byte[0]);
  }

  public static Notification cease(int subcode) {
    return of(ErrorCode.CEASE, subcode);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public MessageType type() {
    return MessageType.NOTIFICATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    String name;
    try {
      name = ErrorCode.valueOf(code).name();
    } catch (IllegalArgumentException e) {
      name = "code " + code;
    }
    return "Notification[" + name + "/" + subcode + (data.length == 0 ? "" : " data=" + HexFormat.of().formatHex(data)) + "]";
  }
}
