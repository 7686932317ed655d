package io.baremetallb.announcer.l2.wire;

/** ARP opcodes (RFC 826; IANA "ARP Parameters" registry). Only the two we meet are listed. */
public enum ArpOperation {
  REQUEST(1),
  REPLY(2);

  private final int value;

  ArpOperation(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  /** @throws FrameDecodeException for RARP, InARP and the other opcodes we do not handle */
  public static ArpOperation valueOf(int value) {
    switch (value) {
      case 1:
        return REQUEST;
      case 2:
        return REPLY;
      default:
        throw new FrameDecodeException(FrameDecodeException.Problem.UNSUPPORTED,
            "ARP operation " + value + " is neither request (1) nor reply (2)");
    }
  }
}
