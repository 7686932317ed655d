package io.baremetallb.announcer.app;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * MetalLB's layer 2 metric names ({@code metallb_layer2_requests_received},
 * {@code _responses_sent}, {@code _gratuitous_sent}, labelled by {@code ip}) and ours: membership
 * size, ownership changes, IPs answered for, drops by reason. Series for an IP appear when the IP
 * is first counted; they are gauges over the announcer's counters, read at scrape time.
 */
@ApplicationScoped
public class AnnouncerMetrics {
  @Inject
  MetricRegistry registry;

  @Inject
  AnnouncerRuntime runtime;

  private final Set<String> series = new HashSet<>();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "announcer-metrics");
    t.setDaemon(true);
    return t;
  });

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    registry.gauge("baremetallb_membership_members", runtime, r -> r.node().map(AnnouncerNode::membershipSize).orElse(0));
    registry.gauge("baremetallb_layer2_ownership_changes_total", runtime,
        r -> r.node().map(AnnouncerNode::ownershipChanges).orElse(0L));
    registry.gauge("baremetallb_layer2_owned_ips", runtime, r -> r.node().map(n -> n.owned().size()).orElse(0));
    refresher.scheduleWithFixedDelay(this::register, 0, 1, TimeUnit.SECONDS);
  }

  private synchronized void register() {
    runtime.node().ifPresent(n -> {
      var c = n.counters();
      if (series.add("drops")) {
        for (var reason : io.baremetallb.announcer.l2.DropReason.values()) {
          registry.gauge("baremetallb_layer2_dropped_total", c, x -> x.drops(reason),
              new Tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
      }
      for (InetAddress ip : c.addresses()) {
        if (series.add(ip.getHostAddress())) {
          Tag tag = new Tag("ip", ip.getHostAddress());
          registry.gauge("metallb_layer2_requests_received", c, x -> x.requestsReceived(ip), tag);
          registry.gauge("metallb_layer2_responses_sent", c, x -> x.responsesSent(ip), tag);
          registry.gauge("metallb_layer2_gratuitous_sent", c, x -> x.gratuitousSent(ip), tag);
        }
      }
    });
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }
}
