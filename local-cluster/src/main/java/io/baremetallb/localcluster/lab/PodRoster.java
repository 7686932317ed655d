package io.baremetallb.localcluster.lab;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The pods behind one node's port, served round-robin as kube-proxy would spread connections over
 * a node's local endpoints. The names come from a supplier that is asked on every request, so pods
 * started or stopped by {@code lab.sh pod} take effect without restarting the server.
 */
public final class PodRoster {
  private final Supplier<List<String>> names;
  private final AtomicLong requests = new AtomicLong();

  public PodRoster(Supplier<List<String>> names) {
    this.names = names;
  }

  /** The pod that serves the next request, or empty when the node has no pod on this port. */
  public Optional<String> next() {
    List<String> current = names.get().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(current.get((int) Math.floorMod(requests.getAndIncrement(), (long) current.size())));
  }

  /** The body a pod answers with: the shape of the user's document, section 4. */
  public static String greeting(String pod) {
    return "Hello MyApp | Pod: " + pod + "\n";
  }
}
