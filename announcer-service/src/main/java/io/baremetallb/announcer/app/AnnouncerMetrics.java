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
 * {@code _responses_sent}, {@code _gratuitous_sent}, labelled by {@code ip}), its BGP ones
 * ({@code metallb_bgp_session_up}, {@code _updates_total}, {@code _announced_prefixes_total} by
 * {@code peer}) and ours: membership
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
    runtime.node().flatMap(AnnouncerNode::bgp).ifPresent(b -> {
      for (String peer : b.metrics().snapshot().keySet()) {
        if (series.add("bgp:" + peer)) {
          Tag tag = new Tag("peer", peer);
          registry.gauge(io.baremetallb.announcer.bgp.speaker.BgpMetrics.SESSION_UP, b,
              x -> value(x, peer).map(v -> v.sessionUp()).orElse(0L), tag);
          registry.gauge(io.baremetallb.announcer.bgp.speaker.BgpMetrics.UPDATES_TOTAL, b,
              x -> value(x, peer).map(v -> v.updatesTotal()).orElse(0L), tag);
          registry.gauge(io.baremetallb.announcer.bgp.speaker.BgpMetrics.ANNOUNCED_PREFIXES, b,
              x -> value(x, peer).map(v -> v.announcedPrefixes()).orElse(0L), tag);
        }
      }
    });
    runtime.node().flatMap(AnnouncerNode::bgp).ifPresent(b -> {
      for (var sample : io.baremetallb.announcer.bgp.bfd.BfdMetrics.samples(b.bfdSessions())) {
        String name = sample.name();
        String peer = sample.peer();
        if (series.add("bfd:" + name + ":" + peer)) {
          registry.gauge(name, b, x -> bfdValue(x, name, peer), new Tag("peer", peer));
        }
      }
    });
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

  private static java.util.Optional<io.baremetallb.announcer.bgp.speaker.BgpMetrics.PeerValues> value(BgpRuntime b,
      String peer) {
    return java.util.Optional.ofNullable(b.metrics().snapshot().get(peer));
  }

  private static long bfdValue(BgpRuntime b, String name, String peer) {
    return io.baremetallb.announcer.bgp.bfd.BfdMetrics.samples(b.bfdSessions()).stream()
        .filter(x -> x.name().equals(name) && x.peer().equals(peer)).mapToLong(x -> x.value()).findFirst().orElse(0);
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }
}
