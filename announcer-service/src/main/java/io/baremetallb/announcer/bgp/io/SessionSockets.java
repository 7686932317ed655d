package io.baremetallb.announcer.bgp.io;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Opens the sockets of one session with what the peer needs before the first SYN: the TCP MD5
 * key (RFC 2385: every segment is signed, the SYN too) and the TTL (1 for directly connected eBGP,
 * 255 for multi-hop). Sockets are opened in the peer's address family, so the options apply to
 * plain IPv4 or IPv6 sockets and never to IPv4-mapped ones by accident.
 */
final class SessionSockets {
  private SessionSockets() {
  }

  static ProtocolFamily family(PeerConfig config) {
    return config.peer().getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  /** A socket bound to the source address (or any, port 0), with key and TTL set, not yet connected. */
  static SocketChannel outgoing(PeerConfig config) throws IOException {
    SocketChannel ch = SocketChannel.open(family(config));
    try {
      ch.configureBlocking(false);
      ch.bind(new InetSocketAddress(config.sourceAddress().orElse(null), 0));
      if (needsNative(config)) {
        int fd = TcpNative.fdOf(ch, Optional.empty(), describe(config));
        applyOptions(fd, config);
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The passive side: listening on the source address and the peer's port, the key set for the peer. */
  static ServerSocketChannel listening(PeerConfig config) throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open(family(config));
    try {
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(new InetSocketAddress(config.sourceAddress().orElse(null), config.peer().getPort()));
      ch.configureBlocking(false);
      if (needsNative(config)) {
        // Accepted sockets inherit both the key and the TTL from the listener (the kernel clones it).
        applyOptions(TcpNative.fdOf(ch, Optional.empty(), describe(config)), config);
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static boolean needsNative(PeerConfig config) {
    return !config.md5Password().isEmpty() || config.ttl() != 0;
  }

  private static void applyOptions(int fd, PeerConfig config) throws IOException {
    boolean v6 = family(config) == StandardProtocolFamily.INET6;
    if (!config.md5Password().isEmpty()) {
      TcpNative.md5Key(fd, config.peer().getAddress(), config.md5Password().getBytes(StandardCharsets.UTF_8), v6,
          describe(config));
    }
    if (config.ttl() != 0) {
      TcpNative.ttl(fd, config.ttl(), v6, describe(config));
    }
  }

  private static String describe(PeerConfig config) {
    return "BGP socket to " + config.peer().getAddress().getHostAddress();
  }
}
