package io.baremetallb.announcer.bgp.io;

import io.baremetallb.announcer.l2.io.NativeIoException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NetworkChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;

/**
 * The only class of the BGP side that calls into libc: TCP MD5 signatures (RFC 2385, Linux
 * {@code TCP_MD5SIG}) and the unicast TTL / hop limit of a session's socket. Every wrapper
 * retries on EINTR and throws {@link NativeIoException} naming the call and the socket.
 *
 * <p>Java gives no public way to the file descriptor of an NIO channel, and we use no reflection:
 * {@link #fdOf} finds it among {@code /proc/self/fd} as the socket whose {@code getsockname} (and
 * {@code getpeername}, when given) equal the channel's addresses. Callers bind to a port first, so
 * the match is unique.
 */
final class TcpNative {
  static final int IPPROTO_IP = 0;
  static final int IPPROTO_TCP = 6;
  static final int IPPROTO_IPV6 = 41;
  static final int IP_TTL = 2;
  static final int IPV6_UNICAST_HOPS = 16;
  static final int TCP_MD5SIG = 14;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  /** linux/tcp.h TCP_MD5SIG_MAXKEYLEN. */
  static final int MD5_MAX_KEY_LENGTH = 80;
  private static final int SOCKADDR_STORAGE = 128;
  // struct tcp_md5sig: sockaddr_storage addr; u8 flags; u8 prefixlen; u16 keylen; u32 ifindex; u8 key[80]
  private static final int TCP_MD5SIG_LENGTH = SOCKADDR_STORAGE + 1 + 1 + 2 + 4 + MD5_MAX_KEY_LENGTH;

  /** The libc functions we use, and nothing else. */
  public interface LibC {
    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    int getsockname(int fd, @Out byte[] addr, IntByReference len);

    int getpeername(int fd, @Out byte[] addr, IntByReference len);

    String strerror(int errno);
  }

  /** Loads libc on first use, so that peers without MD5 or TTL never need native code. */
  private static final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
  }

  private TcpNative() {
  }

  /**
   * The descriptor of a bound channel.
   *
   * @param remote for a connected socket, its peer; empty for a listening or merely bound one
   */
  static int fdOf(NetworkChannel channel, Optional<InetSocketAddress> remote, String what) throws IOException {
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    if (local == null || local.getPort() == 0) {
      throw new IllegalStateException("bind the socket before looking for its descriptor (" + what + ")");
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : fds) {
        int fd = Integer.parseInt(p.getFileName().toString());
        if (isSocket(p) && local.equals(name(fd, false)) && remote.equals(Optional.ofNullable(name(fd, true)))) {
          return fd;
        }
      }
    }
    throw new NativeIoException("find descriptor", what, 0, "no socket bound to " + local + " in /proc/self/fd");
  }

  /**
   * Installs (or with an empty key removes) the RFC 2385 key for one peer address. On a listening
   * socket the key applies to connections that peer opens, and accepted sockets inherit it.
   */
  static void md5Key(int fd, InetAddress peer, byte[] key, boolean socketIsV6, String what) throws NativeIoException {
    if (key.length > MD5_MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("TCP MD5 password for " + what + " is " + key.length
          + " bytes; Linux takes at most " + MD5_MAX_KEY_LENGTH);
    }
    ByteBuffer b = ByteBuffer.allocate(TCP_MD5SIG_LENGTH).order(ByteOrder.nativeOrder());
    sockaddr(b, peer, socketIsV6);
    b.position(SOCKADDR_STORAGE + 2);
    b.putShort((short) key.length);
    b.position(SOCKADDR_STORAGE + 8);
    b.put(key);
    byte[] value = b.array();
    check("setsockopt(TCP_MD5SIG " + peer.getHostAddress() + ")", what,
        () -> Holder.LIBC.setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, value, value.length));
  }

  /** The TTL (and, on an IPv6 socket, the hop limit) of the packets the socket sends. */
  static void ttl(int fd, int ttl, boolean socketIsV6, String what) throws NativeIoException {
    byte[] value = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(ttl).array();
    // On an IPv6 socket IP_TTL still sets the TTL used for IPv4-mapped peers.
    check("setsockopt(IP_TTL " + ttl + ")", what, () -> Holder.LIBC.setsockopt(fd, IPPROTO_IP, IP_TTL, value, 4));
    if (socketIsV6) {
      check("setsockopt(IPV6_UNICAST_HOPS " + ttl + ")", what,
          () -> Holder.LIBC.setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value, 4));
    }
  }

  /**
   * {@code struct sockaddr_in} / {@code sockaddr_in6} at the buffer's position: family in host
   * order, port 0, address in network order. An IPv4 peer on an IPv6 socket is IPv4-mapped.
   */
  private static void sockaddr(ByteBuffer b, InetAddress peer, boolean socketIsV6) {
    int start = b.position();
    byte[] addr = peer.getAddress();
    if (!socketIsV6) {
      if (!(peer instanceof Inet4Address)) {
        throw new IllegalArgumentException("IPv6 peer " + peer.getHostAddress() + " on an IPv4 socket");
      }
      b.putShort(start, (short) AF_INET);
      b.position(start + 4);
      b.put(addr);
      return;
    }
    b.putShort(start, (short) AF_INET6);
    b.position(start + 8);
    if (addr.length == 4) {
      b.put(new byte[10]).put((byte) 0xff).put((byte) 0xff);
    }
    b.put(addr);
  }

  private static boolean isSocket(Path fdLink) {
    try {
      return Files.readSymbolicLink(fdLink).toString().startsWith("socket:");
    } catch (IOException e) {
      return false; // closed while we looked
    }
  }

  /** getsockname / getpeername as an address; null when not connected or not an IP socket. */
  private static InetSocketAddress name(int fd, boolean peer) {
    byte[] raw = new byte[SOCKADDR_STORAGE];
    IntByReference len = new IntByReference(raw.length);
    int rc = peer ? Holder.LIBC.getpeername(fd, raw, len) : Holder.LIBC.getsockname(fd, raw, len);
    if (rc < 0) {
      return null; // ENOTCONN for a listening socket, EBADF when it closed meanwhile
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    int family = Short.toUnsignedInt(b.order(ByteOrder.nativeOrder()).getShort(0));
    int port = Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2));
    try {
      if (family == AF_INET) {
        return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(raw, 4, 8)), port);
      }
      if (family == AF_INET6) {
        return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(raw, 8, 24)), port);
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
    return null;
  }

  @FunctionalInterface
  private interface IntCall {
    int call();
  }

  private static void check(String call, String what, IntCall c) throws NativeIoException {
    int rc;
    do {
      rc = c.call();
    } while (rc < 0 && Holder.RUNTIME.getLastError() == NativeIoException.EINTR);
    if (rc < 0) {
      int errno = Holder.RUNTIME.getLastError();
      throw new NativeIoException(call, what, errno, Holder.LIBC.strerror(errno));
    }
  }
}
