package io.baremetallb.announcer.bgp.wire;

/** A path attribute error handled without a session reset (RFC 7606 §2). */
public record AttributeProblem(int typeCode, Handling handling, String reason) {
  public enum Handling {
    /** RFC 7606 §2 "treat-as-withdraw": every route of the UPDATE is withdrawn. */
    TREAT_AS_WITHDRAW,
    /** RFC 7606 §2 "attribute discard": the attribute is dropped, the routes stay. */
    ATTRIBUTE_DISCARD
  }
}
