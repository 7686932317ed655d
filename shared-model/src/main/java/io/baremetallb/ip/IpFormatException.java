package io.baremetallb.ip;

/** Text that is not a valid address, CIDR or range. The message names the text and what is wrong. */
public final class IpFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public IpFormatException(String text, String problem) {
    super("\"" + text + "\": " + problem);
  }
}
