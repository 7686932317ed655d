package io.baremetallb.announcer.bgp.bfd;

/** The State field of a BFD control packet and bfd.SessionState (RFC 5880 §4.1, §6.2). */
public enum BfdState {
  ADMIN_DOWN(0),
  DOWN(1),
  INIT(2),
  UP(3);

  private final int code;

  BfdState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The state for a two-bit wire value; every value 0..3 has one. */
  public static BfdState valueOf(int code) {
    return switch (code) {
      case 0 -> ADMIN_DOWN;
      case 1 -> DOWN;
      case 2 -> INIT;
      case 3 -> UP;
      default -> throw new IllegalArgumentException("BFD state is two bits, got " + code);
    };
  }
}
