package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.io.FrameChannel;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Layer 2 mode on one interface: answers ARP and NDP for the addresses this node owns there,
 * announces an address when it is gained (takeover) and stops answering the moment it is lost
 * (release). Ownership is decided elsewhere and handed in whole with {@link #setOwned}.
 */
public final class InterfaceAnnouncer implements Closeable {
  private static final Logger LOG = Logger.getLogger(InterfaceAnnouncer.class.getName());
  /** How long one receive waits, which bounds how late {@link #run} notices {@link #close}. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private final FrameChannel channel;
  private final OwnedAddresses owned = new OwnedAddresses();
  private final FrameResponder responder;
  private final GratuitousAnnouncer gratuitous;
  private volatile boolean closed;

  public InterfaceAnnouncer(FrameChannel channel, Layer2Counters counters, Scheduler scheduler,
      GratuitousAnnouncer.Schedule schedule) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.responder = new FrameResponder(channel, owned, counters);
    this.gratuitous = new GratuitousAnnouncer(channel, counters, scheduler, schedule);
  }

  /**
   * Makes {@code addresses} the owned set. Lost addresses are no longer answered from the next
   * frame on and their repeats are cancelled; gained ones are answered at once, then announced.
   */
  public synchronized void setOwned(Set<? extends InetAddress> addresses) {
    Set<InetAddress> gained = new HashSet<>(addresses);
    gained.removeAll(owned.snapshot());
    gained.forEach(this::joinSolicitedNode); // before answering, so no solicitation is missed
    Set<InetAddress> lost = new HashSet<>(owned.replace(addresses));
    lost.removeAll(addresses);
    for (InetAddress ip : lost) {
      gratuitous.stop(ip);
      leaveSolicitedNode(ip);
      LOG.info(() -> "event=release iface=" + channel.interfaceName() + " ip=" + ip.getHostAddress());
    }
    gratuitous.start(gained);
    for (InetAddress ip : gained) {
      LOG.info(() -> "event=takeover iface=" + channel.interfaceName() + " ip=" + ip.getHostAddress());
    }
  }

  /** Answers and gratuitous frames go out only while {@code gate} is true (the membership's lease). */
  public void setGate(java.util.function.BooleanSupplier gate) {
    owned.setGate(gate);
    gratuitous.setGate(gate);
  }

  public Set<InetAddress> owned() {
    return owned.snapshot();
  }

  public String interfaceName() {
    return channel.interfaceName();
  }

  /** Answers one frame at most; for tests and for callers that run their own loop. */
  public FrameResponder responder() {
    return responder;
  }

  /**
   * Answers frames on the calling thread until {@link #close}.
   *
   * @throws IOException when receiving fails while open (the interface went away, for example)
   */
  public void run() throws IOException {
    while (!closed) {
      try {
        responder.pollOnce(POLL_INTERVAL);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        throw e;
      }
    }
  }

  /** Releases every address (no more answers, repeats cancelled), then closes the channel. */
  @Override
  public void close() throws IOException {
    setOwned(Set.of());
    closed = true;
    channel.close();
  }

  private void joinSolicitedNode(InetAddress ip) {
    solicitedNodeMembership(ip, true);
  }

  private void leaveSolicitedNode(InetAddress ip) {
    solicitedNodeMembership(ip, false);
  }

  private void solicitedNodeMembership(InetAddress ip, boolean join) {
    if (!(ip instanceof Inet6Address v6)) {
      return;
    }
    MacAddress group = Ipv6Addresses.multicastMac(Ipv6Addresses.solicitedNode(v6));
    try {
      if (join) {
        channel.joinMulticast(group);
      } else {
        channel.leaveMulticast(group);
      }
    } catch (IOException e) {
      // Answering still works where the NIC passes the group anyway (veth, promiscuous mode).
      LOG.log(Level.WARNING, "event=" + (join ? "join" : "leave") + "Failed iface="
          + channel.interfaceName() + " ip=" + ip.getHostAddress() + " group=" + group
          + " error=" + e.getMessage());
    }
  }
}
