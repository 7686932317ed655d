package io.baremetallb.localcluster.lab;

/**
 * A lab command failed; the message says which command and what it printed. An IllegalStateException:
 * the tests and benchmarks that run commands catch that for "the command failed".
 */
public final class LabException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
