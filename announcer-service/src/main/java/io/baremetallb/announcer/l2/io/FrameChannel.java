package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whole Ethernet frames in and out of one interface: the seam between the responders and the
 * kernel (mdlayher/arp's {@code net.PacketConn}). {@link PacketSocket} is the real one; tests
 * use an in-memory channel.
 */
public interface FrameChannel extends Closeable {
  /** The interface this channel is bound to, for logs and errors. */
  String interfaceName();

  /** The interface's own MAC: the source of every frame we send and the answer we give. */
  MacAddress hardwareAddress();

  /** Sends one frame (destination MAC first, no FCS). */
  void send(byte[] frame) throws IOException;

  /** Waits up to {@code timeout} for one received frame; empty when none arrived in time. */
  Optional<byte[]> receive(Duration timeout) throws IOException;

  /**
   * Receives frames sent to this multicast MAC too (a solicited-node group's 33:33:ff:xx:xx:xx).
   * Memberships are counted by the kernel: join and leave in pairs.
   */
  void joinMulticast(MacAddress group) throws IOException;

  void leaveMulticast(MacAddress group) throws IOException;
}
