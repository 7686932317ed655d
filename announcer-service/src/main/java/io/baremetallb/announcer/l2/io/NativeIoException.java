package io.baremetallb.announcer.l2.io;

import java.io.IOException;

/**
 * A system call failed: names the call, the interface it was for and the errno, so that
 * "socket(AF_PACKET) on eth0: Operation not permitted (errno 1)" says what to fix.
 */
public final class NativeIoException extends IOException {
  private static final long serialVersionUID = 1L;
  /** errno values we act on (Linux, asm-generic/errno-base.h and errno.h). */
  public static final int EPERM = 1;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int ENODEV = 19;
  public static final int ENETDOWN = 100;

  private final String call;
  private final String interfaceName;
  private final int errno;

  public NativeIoException(String call, String interfaceName, int errno, String description) {
    super(call + " on " + interfaceName + ": " + description + " (errno " + errno + ")");
    this.call = call;
    this.interfaceName = interfaceName;
    this.errno = errno;
  }

  public String call() {
    return call;
  }

  public String interfaceName() {
    return interfaceName;
  }

  public int errno() {
    return errno;
  }
}
