package io.baremetallb.ipam.k8s;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * core/v1 Events, written in the background like client-go's recorder: a repeat of the same
 * (object, reason, message) bumps the count of the event already written instead of adding one;
 * when the backlog is full, events are dropped and counted, never blocking a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class.getName());
  private static final int REMEMBERED = 4096;

  private record Key(String uid, String reason, String message) {
  }

  private record Written(String namespace, String name, int count) {
  }

  private final ApiClient client;
  private final CoreV1Api api;
  private final String component;
  private final String instance;
  private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(10_000), r -> {
        Thread t = new Thread(r, "event-recorder");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.DiscardPolicy());
  private final Map<Key, Written> recent = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Written> e) {
      return size() > REMEMBERED;
    }
  };
  private final AtomicLong failed = new AtomicLong();
  private volatile FollowUpGate gate = FollowUpGate.OPEN;

  public KubernetesEventRecorder(ApiClient client, String component, String instance) {
    this.client = client;
    this.api = new CoreV1Api(client);
    this.component = component;
    this.instance = instance;
  }

  @Override
  public void record(KubernetesObject o, Type type, String reason, String message) {
    LOG.fine(() -> "event=k8sEvent object=" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
        + " type=" + type + " reason=" + reason + " message=" + message);
    long askedAt = gate.now();
    executor.execute(() -> {
      gate.await(askedAt);
      write(o, type, reason, message);
    });
  }

  /** Holds Events back while Services wait for addresses (see {@link FollowUpGate}). */
  void deferWhile(FollowUpGate g) {
    this.gate = g;
  }

  /** Events that could not be written (API errors). */
  public long failures() {
    return failed.get();
  }

  private void write(KubernetesObject o, Type type, String reason, String message) {
    V1ObjectMeta m = o.getMetadata();
    String ns = m.getNamespace() == null ? "default" : m.getNamespace();
    Key key = new Key(m.getUid(), reason, message);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try {
      Written w = recent.get(key);
      if (w != null) {
        String patch = "{\"count\":" + (w.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}";
        PatchUtils.patch(CoreV1Event.class,
            () -> api.patchNamespacedEvent(w.name(), w.namespace(), new V1Patch(patch)).buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        recent.put(key, new Written(w.namespace(), w.name(), w.count() + 1));
        return;
      }
      String name = m.getName() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      CoreV1Event ev = new CoreV1Event()
          .metadata(new V1ObjectMeta().name(name).namespace(ns))
          .involvedObject(new V1ObjectReference().apiVersion(o.getApiVersion() == null ? "v1" : o.getApiVersion())
              .kind(kind(o)).name(m.getName()).namespace(m.getNamespace()).uid(m.getUid())
              .resourceVersion(m.getResourceVersion()))
          .reason(reason).message(message).type(type.name())
          .source(new V1EventSource().component(component))
          .reportingComponent(component).reportingInstance(instance)
          .firstTimestamp(now).lastTimestamp(now).count(1);
      api.createNamespacedEvent(ns, ev).execute();
      recent.put(key, new Written(ns, name, 1));
    } catch (ApiException e) {
      failed.incrementAndGet();
      recent.remove(key);
      LOG.warning("event=eventWriteFailed object=" + ns + "/" + m.getName() + " reason=" + reason + " code=" + e.getCode());
    }
  }

  private static String kind(KubernetesObject o) {
    if (o.getKind() != null) {
      return o.getKind();
    }
    String simple = o.getClass().getSimpleName();
    return simple.startsWith("V1") ? simple.substring(2) : simple;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
