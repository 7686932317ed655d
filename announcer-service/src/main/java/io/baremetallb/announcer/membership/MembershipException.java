package io.baremetallb.announcer.membership;

/** The membership could not start; the message names the address, port and setting involved. */
public final class MembershipException extends Exception {
  private static final long serialVersionUID = 1L;

  public MembershipException(String message, Throwable cause) {
    super(message, cause);
  }
}
