package io.baremetallb.announcer.bgp.bfd;

import io.baremetallb.announcer.l2.io.NativeIoException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls BFD needs and the JDK does not offer: a unicast TTL of 255 on what we send
 * (IP_TTL / IPV6_UNICAST_HOPS) and the TTL or hop limit of what we receive (IP_RECVTTL /
 * IPV6_RECVHOPLIMIT, read from recvmsg's control messages), per RFC 5881 §5. Everything else is
 * plain UDP. Like {@code l2.io.LinuxNative}: wrappers retry on EINTR and throw
 * {@link NativeIoException}, never return -1. Linux x86_64/aarch64 layouts (LP64).
 */
final class BfdNative {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_NONBLOCK = 0x800;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_REUSEADDR = 2;
  private static final int IPPROTO_IP = 0;
  private static final int IP_TTL = 2;
  private static final int IP_RECVTTL = 12;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPV6_UNICAST_HOPS = 16;
  private static final int IPV6_V6ONLY = 26;
  private static final int IPV6_RECVHOPLIMIT = 51;
  private static final int IPV6_HOPLIMIT = 52;
  private static final int EFD_NONBLOCK = 0x800;
  private static final int EFD_CLOEXEC = 0x80000;
  private static final int POLLIN = 0x1;
  private static final int MSG_DONTWAIT = 0x40;
  static final int EAGAIN = 11;
  // struct msghdr (56 bytes), struct iovec (16), sockaddr_in6 (28), control space, payload
  private static final int MSGHDR = 0;
  private static final int IOVEC = 56;
  private static final int NAME = 72;
  private static final int CONTROL = 104;
  private static final int CONTROL_LENGTH = 64;
  private static final int PAYLOAD = CONTROL + CONTROL_LENGTH;
  static final int MAX_PAYLOAD = 1500;

  /** The libc functions we use, and nothing else. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    int bind(int fd, @In byte[] addr, int len);

    @ssize_t long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    @ssize_t long recvmsg(int fd, Pointer msghdr, int flags);

    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    int eventfd(int initval, int flags);

    @ssize_t long read(int fd, @Out byte[] buf, @size_t long len);

    @ssize_t long write(int fd, @In byte[] buf, @size_t long len);

    int close(int fd);

    String strerror(int errno);
  }

  private static final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
  }

  /** One received datagram: its UDP payload, where it came from, its TTL or hop limit (-1 unknown). */
  record Datagram(byte[] payload, InetSocketAddress source, int ttl) {
  }

  private BfdNative() {
  }

  /** A non-blocking UDP socket that sends with TTL/hop limit 255 and reports the received one. */
  static int udpSocket(int family, String what) throws NativeIoException {
    int fd = check("socket(SOCK_DGRAM)", what, () -> libc().socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    try {
      setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)", what);
      if (family == AF_INET) {
        setInt(fd, IPPROTO_IP, IP_TTL, 255, "setsockopt(IP_TTL)", what);
        setInt(fd, IPPROTO_IP, IP_RECVTTL, 1, "setsockopt(IP_RECVTTL)", what);
      } else {
        setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "setsockopt(IPV6_V6ONLY)", what);
        setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "setsockopt(IPV6_UNICAST_HOPS)", what);
        setInt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "setsockopt(IPV6_RECVHOPLIMIT)", what);
      }
      return fd;
    } catch (NativeIoException e) {
      close(fd, what);
      throw e;
    }
  }

  static void bind(int fd, InetSocketAddress local, String what) throws NativeIoException {
    byte[] sa = sockaddr(local);
    check("bind(" + local + ")", what, () -> libc().bind(fd, sa, sa.length));
  }

  static void sendTo(int fd, byte[] payload, InetSocketAddress to, String what) throws NativeIoException {
    byte[] sa = sockaddr(to);
    long n = checkLong("sendto(" + to + ")", what, () -> libc().sendto(fd, payload, payload.length, 0, sa, sa.length));
    if (n != payload.length) {
      throw new NativeIoException("sendto(" + to + ")", what, 0, "sent " + n + " of " + payload.length + " bytes");
    }
  }

  /** Native memory for {@link #receive}: one per socket, used by one thread. */
  static Pointer receiveBuffer() {
    return Memory.allocateDirect(Holder.RUNTIME, PAYLOAD + MAX_PAYLOAD);
  }

  /** The next datagram waiting on {@code fd}, or null when none is. */
  static Datagram receive(int fd, Pointer mem, String what) throws NativeIoException {
    long base = mem.address();
    mem.putLong(MSGHDR, base + NAME);
    mem.putLong(MSGHDR + 8, 28); // msg_namelen (u32) and its padding
    mem.putLong(MSGHDR + 16, base + IOVEC);
    mem.putLong(MSGHDR + 24, 1);
    mem.putLong(MSGHDR + 32, base + CONTROL);
    mem.putLong(MSGHDR + 40, CONTROL_LENGTH);
    mem.putLong(MSGHDR + 48, 0);
    mem.putLong(IOVEC, base + PAYLOAD);
    mem.putLong(IOVEC + 8, MAX_PAYLOAD);
    long n;
    do {
      n = libc().recvmsg(fd, mem, MSG_DONTWAIT);
    } while (n < 0 && lastError() == NativeIoException.EINTR);
    if (n < 0) {
      int errno = lastError();
      if (errno == EAGAIN) {
        return null;
      }
      throw error("recvmsg", what, errno);
    }
    byte[] payload = new byte[(int) n];
    mem.get(PAYLOAD, payload, 0, payload.length);
    byte[] name = new byte[28];
    mem.get(NAME, name, 0, name.length);
    long controlLength = mem.getLong(MSGHDR + 40);
    return new Datagram(payload, fromSockaddr(name), ttl(mem, controlLength));
  }

  /** Walks the control messages for IP_TTL or IPV6_HOPLIMIT (struct cmsghdr: len 8, level 4, type 4, data). */
  private static int ttl(Pointer mem, long controlLength) {
    long offset = 0;
    while (offset + 16 <= controlLength) {
      long len = mem.getLong(CONTROL + offset);
      int level = mem.getInt(CONTROL + offset + 8);
      int type = mem.getInt(CONTROL + offset + 12);
      if ((level == IPPROTO_IP && type == IP_TTL) || (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT)) {
        return mem.getInt(CONTROL + offset + 16);
      }
      if (len < 16) {
        break;
      }
      offset += (len + 7) & ~7L;
    }
    return -1;
  }

  static int eventFd(String what) throws NativeIoException {
    return check("eventfd", what, () -> libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  }

  /** Adds one to an eventfd, waking whoever polls it. */
  static void signal(int efd, String what) throws NativeIoException {
    byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
    checkLong("write(eventfd)", what, () -> libc().write(efd, one, 8));
  }

  /** Resets an eventfd after a wake-up. */
  static void drain(int efd) {
    libc().read(efd, new byte[8], 8); // EAGAIN when nothing was signalled: nothing to do
  }

  /** poll(2) for readability; which of {@code fds} are readable (empty after the timeout). */
  static boolean[] pollIn(int[] fds, int timeoutMillis, String what) throws NativeIoException {
    ByteBuffer b = ByteBuffer.allocate(8 * fds.length).order(ByteOrder.nativeOrder());
    for (int fd : fds) {
      b.putInt(fd).putShort((short) POLLIN).putShort((short) 0);
    }
    byte[] raw = b.array();
    check("poll", what, () -> libc().poll(raw, fds.length, timeoutMillis));
    ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    boolean[] ready = new boolean[fds.length];
    for (int i = 0; i < fds.length; i++) {
      ready[i] = r.getShort(8 * i + 6) != 0;
    }
    return ready;
  }

  static void close(int fd, String what) throws NativeIoException {
    // not retried on EINTR: on Linux the fd is gone either way (see LinuxNative.close)
    if (libc().close(fd) < 0 && lastError() != NativeIoException.EINTR) {
      throw error("close", what, lastError());
    }
  }

  /*
   * sockaddr_in  (16): family (host order) | port (network order) | 4-byte address | 8 zero bytes
   * sockaddr_in6 (28): family | port | flowinfo (4) | 16-byte address | scope id (4, host order)
   */
  static byte[] sockaddr(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    boolean v4 = ip instanceof Inet4Address;
    ByteBuffer b = ByteBuffer.allocate(v4 ? 16 : 28).order(ByteOrder.nativeOrder());
    b.putShort((short) (v4 ? AF_INET : AF_INET6));
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) a.getPort());
    if (v4) {
      b.put(ip.getAddress());
    } else {
      b.putInt(0).put(ip.getAddress());
      b.order(ByteOrder.nativeOrder()).putInt(((Inet6Address) ip).getScopeId());
    }
    return b.array();
  }

  static InetSocketAddress fromSockaddr(byte[] sa) {
    ByteBuffer b = ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder());
    int family = b.getShort() & 0xffff;
    int port = b.order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
    try {
      if (family == AF_INET) {
        byte[] ip = new byte[4];
        b.get(ip);
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
      }
      b.getInt();
      byte[] ip = new byte[16];
      b.get(ip);
      int scope = b.order(ByteOrder.nativeOrder()).getInt();
      InetAddress addr = scope != 0 && (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80
          ? Inet6Address.getByAddress(null, ip, scope) : InetAddress.getByAddress(ip);
      return new InetSocketAddress(addr, port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("recvmsg returned a malformed address", e);
    }
  }

  private static void setInt(int fd, int level, int name, int value, String call, String what) throws NativeIoException {
    byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    check(call, what, () -> libc().setsockopt(fd, level, name, v, 4));
  }

  private static LibC libc() {
    return Holder.LIBC;
  }

  private static int lastError() {
    return Holder.RUNTIME.getLastError();
  }

  @FunctionalInterface
  private interface LongCall {
    long call();
  }

  private static int check(String call, String what, LongCall c) throws NativeIoException {
    return (int) checkLong(call, what, c);
  }

  private static long checkLong(String call, String what, LongCall c) throws NativeIoException {
    long rc;
    do {
      rc = c.call();
    } while (rc < 0 && lastError() == NativeIoException.EINTR);
    if (rc < 0) {
      throw error(call, what, lastError());
    }
    return rc;
  }

  private static NativeIoException error(String call, String what, int errno) {
    return new NativeIoException(call, what, errno, libc().strerror(errno));
  }
}
