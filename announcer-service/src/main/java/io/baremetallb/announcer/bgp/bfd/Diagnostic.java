package io.baremetallb.announcer.bgp.bfd;

/**
 * The Diag field (RFC 5880 §4.1): why the sender's session last changed state. Codes 9..31 are
 * reserved by RFC 5880 and decode as {@link #RESERVED}: the receiver only reports the remote
 * diagnostic, so a code from a later RFC must not make us drop the packet. We never send it.
 */
public enum Diagnostic {
  NONE(0),
  CONTROL_DETECTION_TIME_EXPIRED(1),
  ECHO_FUNCTION_FAILED(2),
  NEIGHBOR_SIGNALED_SESSION_DOWN(3),
  FORWARDING_PLANE_RESET(4),
  PATH_DOWN(5),
  CONCATENATED_PATH_DOWN(6),
  ADMINISTRATIVELY_DOWN(7),
  REVERSE_CONCATENATED_PATH_DOWN(8),
  /** A code RFC 5880 reserves for future use (received only). */
  RESERVED(-1);

  private final int code;

  Diagnostic(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The diagnostic for a five-bit wire value. */
  public static Diagnostic valueOf(int code) {
    if (code < 0 || code > 31) {
      throw new IllegalArgumentException("BFD diagnostic is five bits, got " + code);
    }
    for (Diagnostic d : values()) {
      if (d.code == code) {
        return d;
      }
    }
    return RESERVED;
  }
}
