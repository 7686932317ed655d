package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KubernetesEventRecorderTest {

  /** A base URL nothing listens on: every write fails at once with a connection refused. */
  private static ApiClient nowhere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new ApiClient().setBasePath("http://127.0.0.1:" + port);
  }

  private static V1Service service(String name) {
    return new V1Service().apiVersion("v1").kind("Service")
        .metadata(new V1ObjectMeta().namespace("default").name(name).uid("uid-" + name));
  }

  @Test
  void aFullBacklogDropsAndCountsEventsInsteadOfBlockingTheCaller() throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    FollowUpGate held = new FollowUpGate(busy::get, () -> 0, 1, Duration.ofDays(1), System::nanoTime);
    try (KubernetesEventRecorder events = new KubernetesEventRecorder(nowhere(), "test", "test-0", 2)) {
      events.deferWhile(held);
      // the gate holds for a day: record() returning at all shows it never waits for it
      for (int i = 0; i < 5; i++) {
        events.record(service("svc-" + i), EventRecorder.Type.Normal, "IPAllocated", "Assigned IP 192.0.2." + i);
      }
      // one event is with the writer (held at the gate), two wait in the backlog of two, two are dropped
      assertEquals(2, events.dropped());
      assertEquals(0, events.failures());

      busy.set(false);
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (events.failures() < 3 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(3, events.failures(), "the three kept events were sent (and refused) once the gate opened");
      assertEquals(2, events.dropped());
    }
  }
}
