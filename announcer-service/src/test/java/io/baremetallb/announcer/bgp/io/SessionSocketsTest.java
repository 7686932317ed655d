package io.baremetallb.announcer.bgp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TCP MD5 and TTL over loopback, no root needed: the listener holds a key for 127.0.0.1, so the
 * kernel drops every SYN from 127.0.0.1 that is unsigned or signed with another key.
 */
class SessionSocketsTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  static PeerConfig peer(int port, String password, int ttl) throws IOException {
    return peer(LOOPBACK, port, password, ttl);
  }

  static PeerConfig peer(InetAddress address, int port, String password, int ttl) throws IOException {
    SessionConfig session = SessionConfig.of(64513, 64512, (Inet4Address) InetAddress.getByName("192.0.2.11"), 3);
    return new PeerConfig(session, new InetSocketAddress(address, port), Optional.of(address), Optional.empty(),
        Duration.ZERO, password, ttl);
  }

  /** The same over ::1: the key's address is a sockaddr_in6, the TTL also an IPv6 hop limit. */
  @Test
  void ipv6KeysAndHopLimitWorkTheSameWay() throws IOException {
    InetAddress v6 = InetAddress.getByName("::1");
    org.junit.jupiter.api.Assumptions.assumeTrue(hasAddress(v6), "this machine has no ::1 (IPv6 disabled)");
    try (ServerSocketChannel server = SessionSockets.listening(peer(v6, 0, "s3cret", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      try (SocketChannel right = SessionSockets.outgoing(peer(v6, port, "s3cret", 255));
           SocketChannel wrong = SessionSockets.outgoing(peer(v6, port, "guess", 255))) {
        assertTrue(connects(right, v6, port, SUCCEEDS_WITHIN), "signed with the right key over IPv6");
        assertFalse(connects(wrong, v6, port, FAILS_WITHIN), "signed with another key over IPv6");
      }
    }
  }

  @Test
  void theSameKeyOnBothEndsConnectsAndCarriesData() throws IOException {
    try (ServerSocketChannel server = SessionSockets.listening(peer(0, "s3cret", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      try (SocketChannel client = SessionSockets.outgoing(peer(port, "s3cret", 1))) {
        assertTrue(connects(client, port, SUCCEEDS_WITHIN), "signed SYN with the right key is answered");
        SocketChannel accepted = acceptWithin(server);
        assertNotNull(accepted, "the listener accepted the signed connection");
        client.configureBlocking(true);
        client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer in = ByteBuffer.allocate(3);
        accepted.configureBlocking(true);
        accepted.read(in);
        assertEquals(3, in.position());
        accepted.close();
      }
    }
  }

  @Test
  void aWrongKeyOrNoKeyNeverConnects() throws IOException {
    try (ServerSocketChannel server = SessionSockets.listening(peer(0, "s3cret", 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      try (SocketChannel wrong = SessionSockets.outgoing(peer(port, "guess", 0));
           SocketChannel none = SessionSockets.outgoing(peer(port, "", 0))) {
        assertFalse(connects(wrong, port, FAILS_WITHIN), "SYN signed with another key is dropped");
        assertFalse(connects(none, port, FAILS_WITHIN), "unsigned SYN is dropped");
      }
    }
  }

  @Test
  void findsTheDescriptorOfABoundSocketAmongOthers() throws IOException {
    try (SocketChannel a = SessionSockets.outgoing(peer(179, "", 0));
         SocketChannel b = SessionSockets.outgoing(peer(179, "", 0))) {
      int fa = TcpNative.fdOf(a, Optional.empty(), "a");
      int fb = TcpNative.fdOf(b, Optional.empty(), "b");
      assertTrue(fa > 2 && fb > 2 && fa != fb, fa + " " + fb);
    }
  }

  @Test
  void aPasswordLongerThanLinuxTakesIsRefusedNamingThePeer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> peer(179, "x".repeat(81), 0));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
  }

  @Test
  void toStringHidesThePassword() throws IOException {
    assertFalse(peer(179, "s3cret", 0).toString().contains("s3cret"));
  }

  /** A handshake that works completes at once: waited for up to 10 s, for a loaded machine. */
  static final int SUCCEEDS_WITHIN = 10_000;
  /** One whose SYNs are dropped never completes; the first retransmission is at 1 s, so 1.5 s settles it. */
  static final int FAILS_WITHIN = 1_500;

  private static boolean connects(SocketChannel ch, int port, int waitMillis) throws IOException {
    return connects(ch, LOOPBACK, port, waitMillis);
  }

  private static boolean connects(SocketChannel ch, InetAddress address, int port, int waitMillis) throws IOException {
    if (ch.connect(new InetSocketAddress(address, port))) {
      return true;
    }
    try (Selector s = Selector.open()) {
      ch.register(s, SelectionKey.OP_CONNECT);
      if (s.select(waitMillis) == 0) {
        return false;
      }
      try {
        return ch.finishConnect();
      } catch (IOException e) {
        return false;
      }
    }
  }

  private static boolean hasAddress(InetAddress a) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, a)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static SocketChannel acceptWithin(ServerSocketChannel server) throws IOException {
    try (Selector s = Selector.open()) {
      server.register(s, SelectionKey.OP_ACCEPT);
      s.select(SUCCEEDS_WITHIN);
      return server.accept();
    }
  }
}
