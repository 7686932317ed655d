package io.baremetallb.announcer.bgp.bfd;

/**
 * A received packet that RFC 5880 §6.8.6 says to discard, naming the field at fault
 * ("Length", "Detect Mult", "Auth Len", …) so that a counter and a log line say which rule hit.
 */
public final class BfdDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public BfdDecodeException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The RFC 5880 §4.1 name of the field that broke a rule. */
  public String field() {
    return field;
  }
}
