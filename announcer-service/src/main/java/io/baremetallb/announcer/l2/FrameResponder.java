package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.io.FrameChannel;
import io.baremetallb.announcer.l2.wire.EthernetFrame;
import io.baremetallb.announcer.l2.wire.FrameDecodeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers ARP and NDP on one interface: reads a frame from the {@link FrameChannel}, lets
 * {@link ArpResponder} or {@link NdpResponder} decide, sends the answer and counts what happened.
 */
public final class FrameResponder {
  private static final Logger LOG = Logger.getLogger(FrameResponder.class.getName());
  private final FrameChannel channel;
  private final Layer2Counters counters;
  private final ArpResponder arp;
  private final NdpResponder ndp;
  private final OwnedAddresses owned;

  public FrameResponder(FrameChannel channel, OwnedAddresses owned, Layer2Counters counters) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.arp = new ArpResponder(channel.hardwareAddress(), owned);
    this.ndp = new NdpResponder(channel.hardwareAddress(), owned);
    this.owned = owned;
  }

  /**
   * Handles at most one frame: waits up to {@code timeout} for it. Empty when none arrived.
   *
   * @throws IOException when receiving fails (a failed send is a counted drop instead)
   */
  public Optional<Verdict> pollOnce(Duration timeout) throws IOException {
    Optional<byte[]> frame = channel.receive(timeout);
    if (frame.isEmpty()) {
      return Optional.empty();
    }
    Verdict v = decide(frame.get());
    if (v instanceof Verdict.Answer a) {
      counters.recordRequest(a.address());
      v = owned.gateOpen() ? send(a) : Verdict.drop(DropReason.LEASE_EXPIRED);
    }
    if (v instanceof Verdict.Drop d) {
      counters.recordDrop(d.reason());
      LOG.log(Level.FINE, () -> "event=drop iface=" + channel.interfaceName() + " reason=" + d.reason());
    }
    return Optional.of(v);
  }

  /** The decision for one raw frame, without sending or counting. */
  Verdict decide(byte[] raw) {
    EthernetFrame eth;
    try {
      eth = EthernetFrame.decode(ByteBuffer.wrap(raw));
    } catch (FrameDecodeException e) {
      return Verdict.drop(DropReason.of(e));
    }
    if (eth.source().equals(channel.hardwareAddress())) {
      return Verdict.drop(DropReason.OWN_FRAME);
    }
    switch (eth.etherType()) {
      case EthernetFrame.ETHERTYPE_ARP:
        return arp.handle(eth);
      case EthernetFrame.ETHERTYPE_IPV6:
        return ndp.handle(eth);
      default:
        return Verdict.drop(DropReason.NOT_ARP_OR_NDP);
    }
  }

  private Verdict send(Verdict.Answer a) {
    try {
      channel.send(a.reply().toBytes());
    } catch (IOException e) {
      LOG.log(Level.FINE, e, () -> "event=sendFailed iface=" + channel.interfaceName() + " ip="
          + a.address().getHostAddress());
      return Verdict.drop(DropReason.SEND_FAILED);
    }
    counters.recordResponse(a.address());
    LOG.log(Level.FINE, () -> "event=answer iface=" + channel.interfaceName() + " ip="
        + a.address().getHostAddress() + " to=" + a.reply().destination());
    return a;
  }
}
