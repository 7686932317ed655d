package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel says about one network interface, as read by {@link InterfaceScanner}.
 *
 * @param type ARPHRD_* hardware type (1 = Ethernet, 772 = loopback)
 * @param flags IFF_* flags as sysfs shows them: the configured ones ({@code dev->flags}), which
 *     never include IFF_RUNNING; see {@link #hasLink()}
 * @param operState RFC 2863 operational state as the kernel names it ("up", "down", "unknown", …)
 * @param carrier whether the link has carrier (false when unknown, for example while down)
 * @param master the interface this one is enslaved to (a bridge, a bond, a VRF), if any
 */
public record InterfaceInfo(String name, int index, int type, Optional<MacAddress> mac, int flags,
    String operState, boolean carrier, Optional<String> master, boolean bridgePort,
    boolean bondSlave) {
  public static final int ARPHRD_ETHER = 1;
  public static final int IFF_UP = 0x1;
  public static final int IFF_LOOPBACK = 0x8;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_NOARP = 0x80;

  public InterfaceInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(operState, "operState");
    Objects.requireNonNull(master, "master");
  }

  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * Administratively up and the link works: what the kernel reports as IFF_RUNNING to
   * SIOCGIFFLAGS ({@code dev_get_flags}: up and operstate "up" or "unknown"). sysfs
   * {@code flags} lacks that bit, so it is derived from the operational state here.
   */
  public boolean hasLink() {
    return hasFlag(IFF_UP) && (operState.equals("up") || operState.equals("unknown"));
  }
}
