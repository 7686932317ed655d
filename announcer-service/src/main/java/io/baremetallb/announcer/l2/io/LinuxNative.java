package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Transient;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The only class that calls into libc (jnr-unixsocket's {@code Native}). Every wrapper retries
 * on EINTR and turns a failure into a {@link NativeIoException} naming the call and the
 * interface; none returns a raw -1.
 */
final class LinuxNative {
  static final int AF_PACKET = 17;
  static final int SOCK_RAW = 3;
  static final int ETH_P_ALL = 0x0003;
  static final int SOL_SOCKET = 1;
  static final int SO_ATTACH_FILTER = 26;
  static final int SOL_PACKET = 263;
  static final int PACKET_ADD_MEMBERSHIP = 1;
  static final int PACKET_DROP_MEMBERSHIP = 2;
  static final int PACKET_MR_MULTICAST = 0;
  static final long SIOCGIFFLAGS = 0x8913;
  static final long SIOCGIFHWADDR = 0x8927;
  private static final int POLLIN = 0x1;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int IFNAMSIZ = 16;
  private static final int IFREQ_LENGTH = 40;

  /** The libc functions we use, and nothing else. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In @Transient SockaddrLl addr, int len);

    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    @ssize_t long send(int fd, @In byte[] buf, @size_t long len, int flags);

    @ssize_t long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    int ioctl(int fd, long request, @In @Out byte[] ifreq);

    int if_nametoindex(String name);

    int close(int fd);

    String strerror(int errno);
  }

  /**
   * {@code struct sockaddr_ll} (linux/if_packet.h), 20 bytes. {@code sll_protocol} is in network
   * byte order, but a jnr Struct stores host order: callers pass {@link #htons}'d values.
   */
  static final class SockaddrLl extends Struct {
    final Unsigned16 family = new Unsigned16();
    final Unsigned16 protocol = new Unsigned16();
    final Signed32 ifindex = new Signed32();
    final Unsigned16 hatype = new Unsigned16();
    final Unsigned8 pkttype = new Unsigned8();
    final Unsigned8 halen = new Unsigned8();
    final Unsigned8[] addr = array(new Unsigned8[8]);

    SockaddrLl(Runtime runtime) {
      super(runtime);
    }
  }

  /** Loads libc on first use, so that merely loading the class needs no native code. */
  private static final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
  }

  private LinuxNative() {
  }

  static int htons(int v) {
    return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? v & 0xffff
        : ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
  }

  /** A packet socket that receives nothing until it is bound (protocol 0). */
  static int packetSocket(String iface) throws NativeIoException {
    return check("socket(AF_PACKET, SOCK_RAW)", iface, () -> libc().socket(AF_PACKET, SOCK_RAW, 0));
  }

  static void bind(int fd, int ifindex, int etherType, String iface) throws NativeIoException {
    SockaddrLl sa = new SockaddrLl(Holder.RUNTIME);
    sa.family.set(AF_PACKET);
    sa.protocol.set(htons(etherType));
    sa.ifindex.set(ifindex);
    check("bind(sockaddr_ll)", iface, () -> libc().bind(fd, sa, Struct.size(sa)));
  }

  /** SO_ATTACH_FILTER with a {@code struct sock_fprog} pointing at the program in native memory. */
  static void attachFilter(int fd, byte[] program, String iface) throws NativeIoException {
    Pointer filter = Memory.allocateDirect(Holder.RUNTIME, program.length);
    filter.put(0, program, 0, program.length);
    ByteBuffer fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    fprog.putShort((short) (program.length / SocketFilter.INSTRUCTION_LENGTH));
    fprog.position(8); // padding before the pointer on LP64
    fprog.putLong(filter.address());
    try {
      check("setsockopt(SO_ATTACH_FILTER)", iface,
          () -> libc().setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog.array(), 16));
    } finally {
      Reference.reachabilityFence(filter); // the kernel copies the program during the call
    }
  }

  /** PACKET_ADD/DROP_MEMBERSHIP for one multicast MAC ({@code struct packet_mreq}). */
  static void membership(int fd, int ifindex, MacAddress group, boolean add, String iface)
      throws NativeIoException {
    ByteBuffer mreq = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    mreq.putInt(ifindex);
    mreq.putShort((short) PACKET_MR_MULTICAST);
    mreq.putShort((short) MacAddress.LENGTH);
    group.write(mreq);
    int opt = add ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP;
    check(add ? "setsockopt(PACKET_ADD_MEMBERSHIP " + group + ")" : "setsockopt(PACKET_DROP_MEMBERSHIP "
        + group + ")", iface, () -> libc().setsockopt(fd, SOL_PACKET, opt, mreq.array(), 16));
  }

  static int ifNameToIndex(String iface) throws NativeIoException {
    int index = libc().if_nametoindex(iface);
    if (index == 0) {
      throw error("if_nametoindex", iface, Holder.RUNTIME.getLastError());
    }
    return index;
  }

  static MacAddress hardwareAddress(int fd, String iface) throws NativeIoException {
    byte[] ifr = ifreq(iface);
    check("ioctl(SIOCGIFHWADDR)", iface, () -> libc().ioctl(fd, SIOCGIFHWADDR, ifr));
    // ifr_hwaddr is a struct sockaddr at offset 16: 2 bytes family, then the address
    return MacAddress.read(ByteBuffer.wrap(ifr, IFNAMSIZ + 2, MacAddress.LENGTH));
  }

  /** The interface flags (IFF_UP, IFF_RUNNING, IFF_NOARP, …) from SIOCGIFFLAGS. */
  static int interfaceFlags(int fd, String iface) throws NativeIoException {
    byte[] ifr = ifreq(iface);
    check("ioctl(SIOCGIFFLAGS)", iface, () -> libc().ioctl(fd, SIOCGIFFLAGS, ifr));
    return ByteBuffer.wrap(ifr).order(ByteOrder.nativeOrder()).getShort(IFNAMSIZ) & 0xffff;
  }

  static void send(int fd, byte[] frame, String iface) throws NativeIoException {
    long n = checkLong("send", iface, () -> libc().send(fd, frame, frame.length, 0));
    if (n != frame.length) {
      throw new NativeIoException("send", iface, 0, "sent " + n + " of " + frame.length + " bytes");
    }
  }

  /** Waits up to {@code timeoutMillis} for a frame; its length, or -1 when none came. */
  static int receive(int fd, byte[] buf, int timeoutMillis, String iface) throws NativeIoException {
    ByteBuffer pollfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    pollfd.putInt(fd).putShort((short) POLLIN).putShort((short) 0);
    byte[] fds = pollfd.array();
    int ready = check("poll", iface, () -> libc().poll(fds, 1, timeoutMillis));
    if (ready == 0) {
      return -1;
    }
    long n = libc().recv(fd, buf, buf.length, MSG_DONTWAIT);
    while (n < 0 && Holder.RUNTIME.getLastError() == NativeIoException.EINTR) {
      n = libc().recv(fd, buf, buf.length, MSG_DONTWAIT);
    }
    if (n < 0) {
      int errno = Holder.RUNTIME.getLastError();
      if (errno == NativeIoException.EAGAIN) {
        return -1;
      }
      throw error("recv", iface, errno);
    }
    return (int) n;
  }

  static void close(int fd, String iface) throws NativeIoException {
    // Unlike other calls, close is not retried on EINTR: on Linux the fd is gone either way,
    // and a retry could close an fd another thread just opened.
    if (libc().close(fd) < 0) {
      int errno = Holder.RUNTIME.getLastError();
      if (errno != NativeIoException.EINTR) {
        throw error("close", iface, errno);
      }
    }
  }

  private static LibC libc() {
    return Holder.LIBC;
  }

  private static byte[] ifreq(String iface) throws NativeIoException {
    byte[] name = iface.getBytes(StandardCharsets.US_ASCII);
    if (name.length >= IFNAMSIZ) {
      throw new NativeIoException("ifreq", iface, 0, "interface name longer than 15 bytes");
    }
    byte[] ifr = new byte[IFREQ_LENGTH];
    System.arraycopy(name, 0, ifr, 0, name.length);
    return ifr;
  }

  @FunctionalInterface
  private interface IntCall {
    int call();
  }

  @FunctionalInterface
  private interface LongCall {
    long call();
  }

  private static int check(String call, String iface, IntCall c) throws NativeIoException {
    return (int) checkLong(call, iface, c::call);
  }

  private static long checkLong(String call, String iface, LongCall c) throws NativeIoException {
    long rc;
    do {
      rc = c.call();
    } while (rc < 0 && Holder.RUNTIME.getLastError() == NativeIoException.EINTR);
    if (rc < 0) {
      throw error(call, iface, Holder.RUNTIME.getLastError());
    }
    return rc;
  }

  private static NativeIoException error(String call, String iface, int errno) {
    return new NativeIoException(call, iface, errno, libc().strerror(errno));
  }
}
