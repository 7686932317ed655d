package io.baremetallb.ipam.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pool annotation after the status: coalesced, checked against the cache, retried through the queue. */
class DeferredAnnotationsTest {
  private final Cache<V1Service> cache = new Cache<>();
  private final List<String> sent = new ArrayList<>();
  private final List<ServiceKey> requeued = new ArrayList<>();
  private boolean fail;
  private long now;
  private boolean busy;

  private final ServiceStatusWriter api = new ServiceStatusWriter() {
    @Override
    public void writeIngress(V1Service observed, List<IpAddress> ips, Optional<String> pool) {
      sent.add("status " + observed.getMetadata().getName() + " " + ips);
    }

    @Override
    public void annotatePool(V1Service observed, Optional<String> pool) throws WriteException {
      if (fail) {
        throw new WriteException("HTTP 500", false, null);
      }
      sent.add("annotate " + observed.getMetadata().getName() + " " + pool.orElse("-"));
    }
  };

  private final FollowUpGate gate = new FollowUpGate(() -> busy, () -> 0, 2, Duration.ofSeconds(1), () -> now);
  private final DeferredAnnotations writer = new DeferredAnnotations(api, new Lister<>(cache), gate, requeued::add);

  private V1Service svc(String name, String poolAnnotation) {
    Map<String, String> ann = new HashMap<>();
    if (poolAnnotation != null) {
      ann.put(ServiceReconciler.POOL_ANNOTATION, poolAnnotation);
    }
    V1Service s = new V1Service().metadata(new V1ObjectMeta().namespace("default").name(name).annotations(ann));
    cache.add(s);
    return s;
  }

  @Test
  void theStatusGoesAtOnceTheAnnotationLaterAndTwoRequestsForOneServiceAreOnePatch() throws Exception {
    V1Service web = svc("web", null);
    writer.writeIngress(web, List.of(IpAddress.parse("192.0.2.5")), Optional.empty());
    writer.annotatePool(web, Optional.of("old"));
    writer.annotatePool(web, Optional.of("my-ip-space"));
    assertEquals(List.of("status web [192.0.2.5]"), sent);
    assertEquals(1, writer.backlog());
    writer.sendOldest();
    assertEquals(List.of("status web [192.0.2.5]", "annotate web my-ip-space"), sent);
  }

  @Test
  void anAnnotationTheCacheAlreadyShowsIsNotSentAgain() throws Exception {
    writer.annotatePool(svc("web", "my-ip-space"), Optional.of("my-ip-space"));
    writer.sendOldest();
    assertEquals(List.of(), sent);
  }

  @Test
  void aFailedPatchRequeuesTheService() throws Exception {
    fail = true;
    writer.annotatePool(svc("web", null), Optional.of("p"));
    writer.sendOldest();
    assertEquals(List.of(new ServiceKey("default", "web")), requeued);
  }

  @Test
  void twoRequestsForOneServiceKeepTheFirstOnesPlaceInLine() throws Exception {
    V1Service a = svc("a", null);
    V1Service b = svc("b", null);
    writer.annotatePool(a, Optional.of("p1"));
    writer.annotatePool(b, Optional.of("p1"));
    writer.annotatePool(a, Optional.of("p2"));
    writer.sendOldest();
    writer.sendOldest();
    assertEquals(List.of("annotate a p2", "annotate b p1"), sent);
  }
}
