package io.baremetallb.announcer.l2.io;

import io.baremetallb.announcer.l2.wire.MacAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FrameChannel} over queues, for responder tests (Netty's {@code EmbeddedChannel}).
 * {@link #receive} never waits: a test queues frames first with {@link #deliver}.
 */
public final class InMemoryFrameChannel implements FrameChannel {
  private final String name;
  private final MacAddress mac;
  private final Deque<byte[]> inbound = new ArrayDeque<>();
  private final List<byte[]> sent = new ArrayList<>();
  private final Map<MacAddress, Integer> memberships = new HashMap<>();
  private IOException sendFailure;
  private boolean closed;

  public InMemoryFrameChannel(String name, MacAddress mac) {
    this.name = name;
    this.mac = mac;
  }

  /** Queues a frame as if it had arrived on the wire. */
  public synchronized void deliver(byte[] frame) {
    inbound.add(frame.clone());
    notifyAll();
  }

  /** Frames sent so far, in order; the list is cleared. */
  public synchronized List<byte[]> takeSent() {
    List<byte[]> out = List.copyOf(sent);
    sent.clear();
    return out;
  }

  /** Makes every later send throw {@code failure} (null to succeed again). */
  public synchronized void failSends(IOException failure) {
    this.sendFailure = failure;
  }

  /** The multicast groups joined and not yet left, with their join counts. */
  public synchronized Map<MacAddress, Integer> memberships() {
    return Map.copyOf(memberships);
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public String interfaceName() {
    return name;
  }

  @Override
  public MacAddress hardwareAddress() {
    return mac;
  }

  @Override
  public synchronized void send(byte[] frame) throws IOException {
    ensureOpen();
    if (sendFailure != null) {
      throw sendFailure;
    }
    sent.add(frame.clone());
  }

  @Override
  public synchronized Optional<byte[]> receive(Duration timeout) throws IOException {
    ensureOpen();
    if (inbound.isEmpty() && !timeout.isZero()) {
      try {
        wait(Math.max(1, timeout.toMillis())); // like a socket: block until a frame or the timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ensureOpen();
    }
    return Optional.ofNullable(inbound.poll());
  }

  @Override
  public synchronized void joinMulticast(MacAddress group) throws IOException {
    ensureOpen();
    memberships.merge(group, 1, Integer::sum);
  }

  @Override
  public synchronized void leaveMulticast(MacAddress group) throws IOException {
    ensureOpen();
    Integer n = memberships.get(group);
    if (n == null) {
      // The kernel answers PACKET_DROP_MEMBERSHIP for a group never joined with EADDRNOTAVAIL.
      throw new IOException(name + ": not a member of " + group);
    }
    if (n == 1) {
      memberships.remove(group);
    } else {
      memberships.put(group, n - 1);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(name + ": channel closed");
    }
  }
}
