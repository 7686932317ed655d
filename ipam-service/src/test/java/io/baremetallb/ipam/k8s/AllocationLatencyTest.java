package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event seen → address written, on a clock the test moves. */
class AllocationLatencyTest {
  private long now;
  private final AllocationLatency latency = new AllocationLatency(() -> now);
  private final List<Duration> measured = new ArrayList<>();
  private final ServiceStatusWriter writer = latency.wrap(new ServiceStatusWriter() {
    @Override
    public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) {
    }

    @Override
    public void annotatePool(V1Service observed, Optional<String> pool) {
    }
  });
  private final ServiceKey key = new ServiceKey("default", "web");
  private final V1Service svc = new V1Service().metadata(new V1ObjectMeta().namespace("default").name("web"));

  @Test
  void fromTheFirstEventOfABurstToTheWrittenAddress() throws Exception {
    latency.reportTo(measured::add);
    latency.seen(key);
    now += 3_000_000;
    latency.seen(key); // a second event before the reconcile: still charged from the first
    now += 2_000_000;
    writer.writeIngress(svc, List.of(IpAddress.parse("192.0.2.5")), Optional.empty());
    latency.settled(key);
    assertEquals(List.of(Duration.ofMillis(5)), measured);
    assertEquals(0, latency.pending());
  }

  @Test
  void aReconcileThatWritesNoAddressMeasuresNothingAndForgetsTheKey() throws Exception {
    latency.reportTo(measured::add);
    latency.seen(key);
    writer.writeIngress(svc, List.of(), Optional.empty());
    latency.settled(key);
    now += 60_000_000_000L;
    latency.seen(key);
    now += 1_000_000;
    writer.writeIngress(svc, List.of(IpAddress.parse("192.0.2.5")), Optional.empty());
    assertEquals(List.of(Duration.ofMillis(1)), measured, "the idle minute is not charged");
  }
}
