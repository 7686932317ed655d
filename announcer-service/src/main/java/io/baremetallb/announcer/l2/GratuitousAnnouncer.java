package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.io.FrameChannel;
import io.baremetallb.announcer.l2.wire.ArpPacket;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.Ipv6Addresses;
import io.baremetallb.announcer.l2.wire.MacAddress;
import io.baremetallb.announcer.l2.wire.NdpPacket;
import io.baremetallb.announcer.l2.wire.NeighborAdvertisement;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the link that this node now owns an address: gratuitous ARP requests for IPv4 and
 * unsolicited neighbour advertisements for IPv6, a burst at once and a few repeats over the
 * next seconds (for a frame lost in a busy switch, or a neighbour whose entry was still in
 * use). What a Linux neighbour accepts decides the packets (see docs/layer2.md): an ARP
 * <em>request</em> with sender IP = target IP, and an NA to ff02::1 with O=1, S=0 and a target
 * link-layer option. Only existing neighbour entries change; no packet creates one.
 */
public final class GratuitousAnnouncer {
  /** How many frames at once, and when (after the gain) to send one more. */
  public record Schedule(int burst, List<Duration> repeats) {
    /** Three at once, then at 0.25 s, 1 s, 2 s and 4 s. */
    public static final Schedule DEFAULT = new Schedule(3, List.of(Duration.ofMillis(250),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)));

    public Schedule {
      if (burst < 1) {
        throw new IllegalArgumentException("gratuitous burst must be at least 1, not " + burst);
      }
      repeats = List.copyOf(repeats);
    }
  }

  private static final Logger LOG = Logger.getLogger(GratuitousAnnouncer.class.getName());
  private final FrameChannel channel;
  private final Layer2Counters counters;
  private final Scheduler scheduler;
  private final Schedule schedule;
  /** The batch each announced address belongs to; an address is announced while it has one. */
  private final Map<InetAddress, Batch> active = new HashMap<>();
  private volatile java.util.function.BooleanSupplier gate = () -> true;

  /** Addresses gained together: their repeats share one task per repeat time. */
  private static final class Batch {
    final Set<InetAddress> addresses = new LinkedHashSet<>();
    final List<Scheduler.Cancellable> repeats = new ArrayList<>();
  }

  public GratuitousAnnouncer(FrameChannel channel, Layer2Counters counters, Scheduler scheduler,
      Schedule schedule) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
  }

  /**
   * Sends the burst for {@code addresses} now and schedules their repeats (restarting any
   * running for them). The burst goes round by round, one frame per address each round, so
   * that with many addresses the last one's first frame does not wait behind the others'
   * whole bursts.
   */
  public synchronized void start(Collection<? extends InetAddress> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    Batch batch = new Batch();
    for (InetAddress ip : addresses) {
      stop(ip);
      batch.addresses.add(ip);
      active.put(ip, batch);
    }
    for (int round = 0; round < schedule.burst(); round++) {
      batch.addresses.forEach(this::send);
    }
    for (Duration d : schedule.repeats()) {
      batch.repeats.add(scheduler.schedule(() -> repeat(batch), d));
    }
  }

  /** Stops announcing {@code ip}; after this returns no gratuitous frame for it is sent. */
  public synchronized void stop(InetAddress ip) {
    Batch batch = active.remove(ip);
    if (batch != null) {
      batch.addresses.remove(ip);
      if (batch.addresses.isEmpty()) {
        batch.repeats.forEach(Scheduler.Cancellable::cancel);
      }
    }
  }

  public synchronized Set<InetAddress> announcing() {
    return Set.copyOf(active.keySet());
  }

  /** Runs on the scheduler's thread; the batch holds only addresses not stopped since. */
  private synchronized void repeat(Batch batch) {
    batch.addresses.forEach(this::send);
  }

  /** Gratuitous frames go out only while this is true (the membership's lease; see OwnedAddresses#setGate). */
  public void setGate(java.util.function.BooleanSupplier gate) {
    this.gate = gate;
  }

  private void send(InetAddress ip) {
    if (!gate.getAsBoolean()) {
      return;
    }
    try {
      channel.send(frame(channel.hardwareAddress(), ip).toBytes());
      counters.recordGratuitous(ip);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "event=gratuitousFailed iface=" + channel.interfaceName() + " ip="
          + ip.getHostAddress() + " error=" + e.getMessage());
    }
  }

  /** The gratuitous frame announcing that {@code ip} is at {@code mac}. */
  public static EthernetFrame frame(MacAddress mac, InetAddress ip) {
    if (ip instanceof Inet4Address v4) {
      return EthernetFrame.of(MacAddress.BROADCAST, mac, EthernetFrame.ETHERTYPE_ARP,
          ArpPacket.gratuitousRequest(mac, v4).toBytes());
    }
    Inet6Address v6 = (Inet6Address) ip;
    NdpPacket na = NdpPacket.of(v6, Ipv6Addresses.ALL_NODES,
        new NeighborAdvertisement(false, false, true, v6, Optional.of(mac)));
    return EthernetFrame.of(Ipv6Addresses.multicastMac(Ipv6Addresses.ALL_NODES), mac,
        EthernetFrame.ETHERTYPE_IPV6, na.toBytes());
  }
}
