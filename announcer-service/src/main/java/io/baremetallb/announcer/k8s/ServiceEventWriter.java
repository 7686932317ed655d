package io.baremetallb.announcer.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Writes a core/v1 Event on a Service (Normal or Warning; ownership changes are rare, so no
 * aggregation). A failed write is logged with the Service and the HTTP code, never thrown.
 */
public final class ServiceEventWriter implements Consumer<AssignmentEvents.Event> {
  private static final Logger LOG = Logger.getLogger(ServiceEventWriter.class.getName());

  private final CoreV1Api api;
  private final String component;
  private final String instance;

  public ServiceEventWriter(ApiClient client, String component, String instance) {
    this.api = new CoreV1Api(client);
    this.component = component;
    this.instance = instance;
  }

  @Override
  public void accept(AssignmentEvents.Event e) {
    V1Service s = e.service();
    V1ObjectMeta m = s.getMetadata();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    CoreV1Event ev = new CoreV1Event()
        .metadata(new V1ObjectMeta().namespace(m.getNamespace())
            .name(m.getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)))
        .involvedObject(new V1ObjectReference().apiVersion("v1").kind("Service").namespace(m.getNamespace())
            .name(m.getName()).uid(m.getUid()).resourceVersion(m.getResourceVersion()))
        .type(e.type()).reason(e.reason()).message(e.message())
        .source(new V1EventSource().component(component).host(instance))
        .reportingComponent(component).reportingInstance(instance)
        .firstTimestamp(now).lastTimestamp(now).count(1);
    try {
      api.createNamespacedEvent(m.getNamespace(), ev).execute();
    } catch (ApiException x) {
      LOG.warning("event=eventWriteFailed object=" + m.getNamespace() + "/" + m.getName() + " reason=" + e.reason()
          + " code=" + x.getCode());
    }
  }
}
