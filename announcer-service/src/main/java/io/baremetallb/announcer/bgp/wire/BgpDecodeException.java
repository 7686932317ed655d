package io.baremetallb.announcer.bgp.wire;

import java.util.Arrays;

/**
 * A BGP message that cannot be accepted. It already carries the NOTIFICATION that must be sent
 * back (RFC 4271 §6): error code, subcode and data, so the session only has to send it and close.
 */
public final class BgpDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;
  private final int subcode;
  private final byte[] data;

  public BgpDecodeException(ErrorCode code, int subcode, byte[] data, String message) {
    // No stack trace: this is the peer's error, answered with NOTIFICATION, not a bug of ours;
    // and a peer (or the fuzz test) can make many of them cheaply.
    super(message, null, false, false);
    this.code = code;
    this.subcode = subcode;
    this.data = data.clone();
  }

  public BgpDecodeException(ErrorCode code, int subcode, String message) {
    this(code, subcode, new byte[0], message);
  }

  public ErrorCode code() {
    return code;
  }

  public int subcode() {
    return subcode;
  }

  public byte[] data() {
    return data.clone();
  }

  /** The NOTIFICATION to send to the peer for this error. */
  public Notification toNotification() {
    return new Notification(code.byteValue(), subcode, data);
  }

  @Override
  public String toString() {
    return "BgpDecodeException[" + code + "/" + subcode + " data=" + Arrays.toString(data) + ": " + getMessage() + "]";
  }
}
