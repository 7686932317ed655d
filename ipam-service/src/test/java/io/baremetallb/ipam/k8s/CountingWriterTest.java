package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CountingWriterTest {
  private boolean fail;
  private final CountingWriter writer = new CountingWriter(new ServiceStatusWriter() {
    @Override
    public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) throws WriteException {
      if (fail) {
        throw new WriteException("HTTP 409", true, null);
      }
    }

    @Override
    public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
      if (fail) {
        throw new WriteException("HTTP 500", false, null);
      }
    }
  });
  private final V1Service svc = new V1Service().metadata(new V1ObjectMeta().namespace("default").name("web"));

  @Test
  void everyWriteCountsFailuresApartAndOnlyStatusWritesThatLandedPaceFollowUps() throws Exception {
    java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();
    writer.afterStatusWrite(wakeUps::incrementAndGet);
    writer.writeIngress(svc, List.of(IpAddress.parse("192.0.2.5")), Optional.of("p"));
    writer.writeIngress(svc, List.of(), Optional.empty());
    writer.annotatePool(svc, Optional.of("p"));
    fail = true;
    assertThrows(ServiceStatusWriter.WriteException.class, () -> writer.writeIngress(svc, List.of(), Optional.empty()));
    assertThrows(ServiceStatusWriter.WriteException.class, () -> writer.annotatePool(svc, Optional.empty()));
    assertEquals(5, writer.updates());
    assertEquals(2, writer.errors());
    assertEquals(2, writer.statusWrites());
    assertEquals(2, wakeUps.get(), "the gate hears of the status writes that landed, not of the others");
  }
}
