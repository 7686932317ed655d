package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An AF_PACKET raw socket bound to one interface: whole Ethernet frames in and out. A socket
 * filter lets only ARP and neighbour solicitations through, and never frames this host sends.
 * Needs CAP_NET_RAW (root, or a Pod with that capability and hostNetwork).
 */
public final class PacketSocket implements FrameChannel {
  /** IEEE 802.3 minimum frame without FCS: shorter frames are padded with zeros. */
  static final int MIN_FRAME = 60;
  /** Enough for a full 1500-byte MTU frame with an 802.1Q tag; ARP and NS are far smaller. */
  private static final int RECEIVE_BUFFER = 1522;
  private final String name;
  private final int ifindex;
  private final MacAddress mac;
  /** Sends and receives share the fd; close waits for them, so a closed fd is never reused under them. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private int fd;

  private PacketSocket(String name, int ifindex, int fd, MacAddress mac) {
    this.name = name;
    this.ifindex = ifindex;
    this.fd = fd;
    this.mac = mac;
  }

  /**
   * Opens a socket on {@code iface}. The filter is attached before the socket is bound, so no
   * unfiltered frame is ever queued.
   *
   * @throws NativeIoException naming the call that failed (EPERM without CAP_NET_RAW, ENODEV …)
   */
  public static PacketSocket open(String iface) throws NativeIoException {
    Objects.requireNonNull(iface, "iface");
    int index = LinuxNative.ifNameToIndex(iface);
    int fd = LinuxNative.packetSocket(iface);
    try {
      LinuxNative.attachFilter(fd, SocketFilter.encode(SocketFilter.ARP_AND_NEIGHBOR_SOLICITATION), iface);
      LinuxNative.bind(fd, index, LinuxNative.ETH_P_ALL, iface);
      return new PacketSocket(iface, index, fd, LinuxNative.hardwareAddress(fd, iface));
    } catch (NativeIoException e) {
      try {
        LinuxNative.close(fd, iface);
      } catch (NativeIoException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public String interfaceName() {
    return name;
  }

  public int interfaceIndex() {
    return ifindex;
  }

  @Override
  public MacAddress hardwareAddress() {
    return mac;
  }

  /** IFF_* flags of the interface now (SIOCGIFFLAGS). */
  public int interfaceFlags() throws IOException {
    lock.readLock().lock();
    try {
      return LinuxNative.interfaceFlags(openFd(), name);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void send(byte[] frame) throws IOException {
    byte[] padded = frame.length >= MIN_FRAME ? frame : Arrays.copyOf(frame, MIN_FRAME);
    lock.readLock().lock();
    try {
      LinuxNative.send(openFd(), padded, name);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<byte[]> receive(Duration timeout) throws IOException {
    byte[] buf = new byte[RECEIVE_BUFFER];
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
    lock.readLock().lock();
    try {
      int n = LinuxNative.receive(openFd(), buf, millis, name);
      return n < 0 ? Optional.empty() : Optional.of(Arrays.copyOf(buf, n));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void joinMulticast(MacAddress group) throws IOException {
    membership(group, true);
  }

  @Override
  public void leaveMulticast(MacAddress group) throws IOException {
    membership(group, false);
  }

  private void membership(MacAddress group, boolean add) throws IOException {
    lock.readLock().lock();
    try {
      LinuxNative.membership(openFd(), ifindex, group, add, name);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Closes the socket once a receive in progress has returned (at most its timeout later). */
  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (fd >= 0) {
        int old = fd;
        fd = -1;
        LinuxNative.close(old, name);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private int openFd() throws IOException {
    if (fd < 0) {
      throw new IOException("packet socket on " + name + " is closed");
    }
    return fd;
  }
}
