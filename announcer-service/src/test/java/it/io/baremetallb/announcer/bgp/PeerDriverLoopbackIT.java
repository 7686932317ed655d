package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Afi;
import io.baremetallb.announcer.bgp.wire.AfiSafi;
import io.baremetallb.announcer.bgp.wire.BgpCodec;
import io.baremetallb.announcer.bgp.wire.BgpFramer;
import io.baremetallb.announcer.bgp.wire.BgpMessage;
import io.baremetallb.announcer.bgp.wire.Capability;
import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.ErrorCode;
import io.baremetallb.announcer.bgp.wire.Keepalive;
import io.baremetallb.announcer.bgp.wire.Notification;
import io.baremetallb.announcer.bgp.wire.Open;
import io.baremetallb.announcer.bgp.wire.PathAttribute;
import io.baremetallb.announcer.bgp.wire.Prefix;
import io.baremetallb.announcer.bgp.wire.Update;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The driver over real TCP on loopback against a scripted router written with our own codec:
 * no root and no daemons needed. The router side reads with a socket timeout, never sleeps.
 */
class PeerDriverLoopbackIT {
  static final Prefix VIP = Prefix.parse("203.0.113.10/32");
  static final Prefix VIP2 = Prefix.parse("203.0.113.11/32");

  final AtomicInteger ups = new AtomicInteger();
  final AtomicInteger downs = new AtomicInteger();
  final PeerDriver.Listener counting = new PeerDriver.Listener() {
    @Override
    public void sessionUp(Negotiated session) {
      ups.incrementAndGet();
    }

    @Override
    public void sessionDown(DownReason reason) {
      downs.incrementAndGet();
    }
  };

  static BgpMessage read(DataInputStream in) throws IOException {
    byte[] header = new byte[BgpFramer.HEADER_LENGTH];
    in.readFully(header);
    int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    byte[] all = new byte[length];
    System.arraycopy(header, 0, all, 0, header.length);
    in.readFully(all, header.length, length - header.length);
    return BgpCodec.decode(ByteBuffer.wrap(all));
  }

  /** Reads until a message of the type arrives, skipping KEEPALIVEs. */
  static <T extends BgpMessage> T next(DataInputStream in, Class<T> type) throws IOException {
    while (true) {
      BgpMessage m = read(in);
      if (type.isInstance(m)) {
        return type.cast(m);
      }
      assertInstanceOf(Keepalive.class, m, "expected " + type.getSimpleName());
    }
  }

  @Test
  void establishesAdvertisesIncrementallyAndShutsDownGracefully() throws Exception {
    try (ServerSocket router = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SessionConfig session = SessionConfig.of(64513, 64512, (Inet4Address) InetAddress.getByName("192.0.2.11"), 9);
      PeerConfig peer = new PeerConfig(session, new InetSocketAddress(InetAddress.getLoopbackAddress(), router.getLocalPort()),
          Optional.empty(), Optional.empty(), Duration.ofMillis(200));
      PeerDriver driver = new PeerDriver(peer, InstantSource.system(), counting);
      driver.advertise(Map.of(VIP, RouteAttributes.PLAIN));
      driver.start();
      try (Socket s = router.accept()) {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        Open theirs = next(in, Open.class);
        assertEquals(64513, theirs.asNumber());
        assertEquals(9, theirs.holdTime());
        out.write(BgpCodec.encode(Open.of(64512, 90, (Inet4Address) InetAddress.getByName("192.0.2.1"),
            List.of(new Capability.MultiProtocol(AfiSafi.IPV4_UNICAST), new Capability.FourOctetAs(64512)))));
        out.write(BgpCodec.encode(Keepalive.INSTANCE));

        Update first = next(in, Update.class);
        assertEquals(List.of(VIP), first.nlri());
        assertEquals(Optional.of(new PathAttribute.NextHop(InetAddress.getLoopbackAddress())), first.attribute(PathAttribute.NextHop.class));
        assertEquals(Optional.of(Afi.IPV4), next(in, Update.class).endOfRibFamily());

        driver.advertise(Map.of(VIP2, RouteAttributes.PLAIN)); // one Service replaced by another
        assertEquals(List.of(VIP), next(in, Update.class).withdrawn());
        assertEquals(List.of(VIP2), next(in, Update.class).nlri());

        var stopped = driver.shutdown();
        Update marked = next(in, Update.class);
        assertTrue(marked.attribute(PathAttribute.Communities.class).orElseThrow().communities().contains(Community.GRACEFUL_SHUTDOWN));
        assertEquals(List.of(VIP2), next(in, Update.class).withdrawn());
        assertEquals(Notification.cease(ErrorCode.ADMINISTRATIVE_SHUTDOWN), next(in, Notification.class));
        stopped.get(10, TimeUnit.SECONDS);
      }
      assertEquals(1, ups.get());
      assertEquals(1, downs.get(), "one session, brought down once, by the shutdown");
    }
  }

  @Test
  void malformedUpdateFromPeerIsAnsweredWithTheRightNotification() throws Exception {
    try (ServerSocket router = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SessionConfig session = SessionConfig.of(64513, 64512, (Inet4Address) InetAddress.getByName("192.0.2.11"), 9);
      PeerConfig peer = new PeerConfig(session, new InetSocketAddress(InetAddress.getLoopbackAddress(), router.getLocalPort()),
          Optional.empty(), Optional.empty(), Duration.ZERO);
      PeerDriver driver = new PeerDriver(peer, InstantSource.system(), counting);
      driver.start();
      try (Socket s = router.accept()) {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        next(in, Open.class);
        out.write(BgpCodec.encode(Open.of(64512, 90, (Inet4Address) InetAddress.getByName("192.0.2.1"), List.of())));
        out.write(BgpCodec.encode(Keepalive.INSTANCE));
        next(in, Update.class); // End-of-RIB
        byte[] bad = BgpCodec.encode(Update.endOfRib(Afi.IPV4));
        bad[21] = 0x10; // withdrawn routes length 16 in a message that has none
        out.write(bad);
        assertEquals(Notification.of(ErrorCode.UPDATE_MESSAGE, ErrorCode.MALFORMED_ATTRIBUTE_LIST), next(in, Notification.class));
      } finally {
        driver.shutdown().get(10, TimeUnit.SECONDS);
      }
      assertEquals(1, downs.get());
    }
  }

  @Test
  void silentPeerHitsTheHoldTimerAndTheDriverReconnectsAfterIdleHold() throws Exception {
    try (ServerSocket router = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SessionConfig session = SessionConfig.of(64513, 64512, (Inet4Address) InetAddress.getByName("192.0.2.11"), 3);
      PeerConfig peer = new PeerConfig(session, new InetSocketAddress(InetAddress.getLoopbackAddress(), router.getLocalPort()),
          Optional.empty(), Optional.empty(), Duration.ZERO);
      PeerDriver driver = new PeerDriver(peer, InstantSource.system(), counting);
      driver.start();
      try (Socket s = router.accept()) {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        next(in, Open.class);
        s.getOutputStream().write(BgpCodec.encode(Open.of(64512, 3, (Inet4Address) InetAddress.getByName("192.0.2.1"), List.of())));
        s.getOutputStream().write(BgpCodec.encode(Keepalive.INSTANCE));
        next(in, Update.class); // End-of-RIB; from here on the router says nothing
        long start = System.nanoTime();
        assertEquals(Notification.of(ErrorCode.HOLD_TIMER_EXPIRED, 0), next(in, Notification.class));
        long heldMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(heldMs >= 2_500, "hold timer fired after " + heldMs + " ms, negotiated 3 s");
      }
      try (Socket again = router.accept()) { // IdleHold (1 s) then a new connection
        again.setSoTimeout(10_000);
        assertEquals(64513, next(new DataInputStream(again.getInputStream()), Open.class).asNumber());
      } finally {
        driver.shutdown().get(10, TimeUnit.SECONDS);
      }
      assertEquals(1, downs.get());
    }
  }
}
