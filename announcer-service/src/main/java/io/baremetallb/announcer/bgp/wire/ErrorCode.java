package io.baremetallb.announcer.bgp.wire;

/** NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5 for ROUTE-REFRESH). */
public enum ErrorCode {
  MESSAGE_HEADER(1),
  OPEN_MESSAGE(2),
  UPDATE_MESSAGE(3),
  HOLD_TIMER_EXPIRED(4),
  FSM(5),
  CEASE(6),
  ROUTE_REFRESH(7);

  // Subcodes, named after the RFC text. Message Header Error (RFC 4271 §6.1):
  public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
  public static final int BAD_MESSAGE_LENGTH = 2;
  public static final int BAD_MESSAGE_TYPE = 3;
  // OPEN Message Error (RFC 4271 §6.2, RFC 5492 §5):
  public static final int UNSUPPORTED_VERSION = 1;
  public static final int BAD_PEER_AS = 2;
  public static final int BAD_BGP_IDENTIFIER = 3;
  public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
  public static final int UNACCEPTABLE_HOLD_TIME = 6;
  public static final int UNSUPPORTED_CAPABILITY = 7;
  // UPDATE Message Error (RFC 4271 §6.3):
  public static final int MALFORMED_ATTRIBUTE_LIST = 1;
  public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
  public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
  public static final int ATTRIBUTE_FLAGS_ERROR = 4;
  public static final int ATTRIBUTE_LENGTH_ERROR = 5;
  public static final int INVALID_ORIGIN = 6;
  public static final int INVALID_NEXT_HOP = 8;
  public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
  public static final int INVALID_NETWORK_FIELD = 10;
  public static final int MALFORMED_AS_PATH = 11;
  // Finite State Machine Error (RFC 6608 §3):
  public static final int UNEXPECTED_IN_OPEN_SENT = 1;
  public static final int UNEXPECTED_IN_OPEN_CONFIRM = 2;
  public static final int UNEXPECTED_IN_ESTABLISHED = 3;
  // Cease (RFC 4486 §4):
  public static final int ADMINISTRATIVE_SHUTDOWN = 2;
  public static final int PEER_DECONFIGURED = 3;
  public static final int ADMINISTRATIVE_RESET = 4;
  public static final int CONNECTION_REJECTED = 5;
  public static final int OTHER_CONFIGURATION_CHANGE = 6;
  public static final int CONNECTION_COLLISION_RESOLUTION = 7;
  public static final int OUT_OF_RESOURCES = 8;
  // ROUTE-REFRESH Message Error (RFC 7313 §5):
  public static final int INVALID_MESSAGE_LENGTH = 1;

  private final int value;

  ErrorCode(int value) {
    this.value = value;
  }

  public int byteValue() {
    return value;
  }

  public static ErrorCode valueOf(int value) {
    for (ErrorCode c : values()) {
      if (c.value == value) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown NOTIFICATION error code: " + value);
  }
}
