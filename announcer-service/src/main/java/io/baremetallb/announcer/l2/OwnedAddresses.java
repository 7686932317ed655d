package io.baremetallb.announcer.l2;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The addresses this node answers for on one interface. Ownership is decided elsewhere and
 * arrives as a whole new set; swapping it is atomic, so the receive thread never sees half an
 * update, and an address that is released is not answered from the next frame on.
 */
public final class OwnedAddresses {
  private final AtomicReference<Set<InetAddress>> current = new AtomicReference<>(Set.of());
  private volatile BooleanSupplier gate = () -> true;

  public boolean contains(InetAddress address) {
    return current.get().contains(address);
  }

  public Set<InetAddress> snapshot() {
    return current.get();
  }

  /**
   * A second condition for answering, checked when a frame is answered (not when ownership is
   * handed in): the membership's lease. A node starved of CPU may be too late to hand in "you own
   * nothing" after the others gave its IPs away; this check still stops it.
   */
  public void setGate(BooleanSupplier gate) {
    this.gate = gate;
  }

  /** Whether answers may go out now. */
  public boolean gateOpen() {
    return gate.getAsBoolean();
  }

  /** Installs {@code addresses} and returns the set it replaced. */
  public Set<InetAddress> replace(Set<? extends InetAddress> addresses) {
    return current.getAndSet(Set.copyOf(addresses));
  }
}
