package io.baremetallb.announcer.l2;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The addresses this node answers for on one interface. Ownership is decided elsewhere and
 * arrives as a whole new set; swapping it is atomic, so the receive thread never sees half an
 * update, and an address that is released is not answered from the next frame on.
 */
public final class OwnedAddresses {
  private final AtomicReference<Set<InetAddress>> current = new AtomicReference<>(Set.of());

  public boolean contains(InetAddress address) {
    return current.get().contains(address);
  }

  public Set<InetAddress> snapshot() {
    return current.get();
  }

  /** Installs {@code addresses} and returns the set it replaced. */
  public Set<InetAddress> replace(Set<? extends InetAddress> addresses) {
    return current.getAndSet(Set.copyOf(addresses));
  }
}
