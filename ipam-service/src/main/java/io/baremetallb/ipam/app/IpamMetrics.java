package io.baremetallb.ipam.app;

import io.baremetallb.ipam.core.PoolStats;
import io.baremetallb.ipam.k8s.IpamController;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * MetalLB's metric names, so existing dashboards keep working. They are gauges read from the
 * controller at scrape time (the {@code _total} names are MetalLB's own; Prometheus's {@code rate()}
 * works on them all the same). Per-pool gauges appear when a pool first shows up in the config.
 */
@ApplicationScoped
public class IpamMetrics {
  @Inject
  MetricRegistry registry;

  @Inject
  IpamRuntime runtime;

  /** Service event seen to status written; buckets in META-INF/microprofile-config.properties. */
  static final String ALLOCATION_LATENCY = "baremetallb_allocation_latency";

  private final Set<String> pools = new HashSet<>();

  private final Set<String> dnsSeries = new HashSet<>();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ipam-metrics");
    t.setDaemon(true);
    return t;
  });

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    registry.gauge("metallb_k8s_client_updates_total", runtime, r -> r.controller().map(IpamController::updates).orElse(0L));
    registry.gauge("metallb_k8s_client_update_errors_total", runtime,
        r -> r.controller().map(IpamController::updateErrors).orElse(0L));
    registry.gauge("metallb_k8s_client_config_loaded_bool", runtime,
        r -> r.controller().map(c -> c.configState().loaded() ? 1 : 0).orElse(0));
    registry.gauge("metallb_k8s_client_config_stale_bool", runtime,
        r -> r.controller().map(c -> c.configState().stale() ? 1 : 0).orElse(0));
    registry.gauge("baremetallb_ipam_leader_bool", runtime,
        r -> r.controller().map(c -> c.allocating() ? 1 : 0).orElse(0));
    registry.gauge("baremetallb_ipam_events_failed_total", runtime,
        r -> r.controller().map(IpamController::eventsFailed).orElse(0L));
    registry.gauge("baremetallb_ipam_events_dropped_total", runtime,
        r -> r.controller().map(IpamController::eventsDropped).orElse(0L));
    allocationLatency(registry);
    refresher.scheduleWithFixedDelay(() -> {
      registerPools();
      registerDns();
    }, 0, 2, TimeUnit.SECONDS);
  }

  /** The allocation-latency timer (created on first use); the runtime feeds it from the controller. */
  static org.eclipse.microprofile.metrics.Timer allocationLatency(MetricRegistry registry) {
    return registry.timer(org.eclipse.microprofile.metrics.Metadata.builder().withName(ALLOCATION_LATENCY)
        .withDescription("Time from a Service event seen by the IPAM controller to its status.loadBalancer written")
        .withUnit(org.eclipse.microprofile.metrics.MetricUnits.SECONDS).build());
  }

  private void registerPools() {
    runtime.controller().ifPresent(c -> {
      Set<String> names;
      synchronized (c.allocatorLock()) {
        names = c.allocator().stats().keySet();
      }
      for (String pool : names) {
        if (pools.add(pool)) {
          Tag tag = new Tag("pool", pool);
          registry.gauge("metallb_allocator_addresses_total", c, x -> stat(x, pool, true), tag);
          registry.gauge("metallb_allocator_addresses_in_use_total", c, x -> stat(x, pool, false), tag);
        }
      }
    });
  }

  /**
   * The DNS responder's counters: queries by type, responses by code, drops by reason (the label
   * sets are bounded by the responder), and truncated answers.
   */
  private void registerDns() {
    runtime.dns().ifPresent(d -> {
      io.baremetallb.ipam.dns.DnsCounters c = d.counters();
      if (dnsSeries.add("truncated")) {
        registry.gauge("baremetallb_dns_truncated_total", c, io.baremetallb.ipam.dns.DnsCounters::truncated);
        for (io.baremetallb.ipam.dns.DropReason r : io.baremetallb.ipam.dns.DropReason.values()) {
          registry.gauge("baremetallb_dns_dropped_total", c, x -> x.dropped(r), new Tag("reason", r.name().toLowerCase(java.util.Locale.ROOT)));
        }
      }
      for (String type : c.queriesByType().keySet()) {
        if (dnsSeries.add("type:" + type)) {
          registry.gauge("baremetallb_dns_queries_total", c, x -> x.queriesByType().getOrDefault(type, 0L), new Tag("type", type));
        }
      }
      for (String rcode : c.responsesByRcode().keySet()) {
        if (dnsSeries.add("rcode:" + rcode)) {
          registry.gauge("baremetallb_dns_responses_total", c, x -> x.responsesByRcode().getOrDefault(rcode, 0L), new Tag("rcode", rcode));
        }
      }
    });
  }

  private static double stat(IpamController c, String pool, boolean total) {
    Map<String, PoolStats> stats;
    synchronized (c.allocatorLock()) {
      stats = c.allocator().stats();
    }
    PoolStats s = stats.get(pool);
    if (s == null) {
      return 0;
    }
    return total ? s.total().doubleValue() : s.inUse();
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }
}
