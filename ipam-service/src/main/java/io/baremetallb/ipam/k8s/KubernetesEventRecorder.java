package io.baremetallb.ipam.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
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

  private final ApiWrites writes;
  private final String component;
  private final String instance;
  /** Events waiting to be written; more are dropped (and counted) until the backlog shrinks. */
  static final int BACKLOG = 20_000;
  private final ThreadPoolExecutor executor;
  private final Map<Key, Written> recent = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Written> e) {
      return size() > REMEMBERED;
    }
  };
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile FollowUpGate gate = FollowUpGate.OPEN;

  public KubernetesEventRecorder(ApiClient client, String component, String instance) {
    this(client, component, instance, BACKLOG);
  }

  KubernetesEventRecorder(ApiClient client, String component, String instance, int backlog) {
    this.writes = new ApiWrites(client);
    this.component = component;
    this.instance = instance;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog), r -> {
      Thread t = new Thread(r, "event-recorder");
      t.setDaemon(true);
      return t;
    }, (task, pool) -> drop());
  }

  private void drop() {
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 1000 == 0) {
      LOG.warning("event=eventsDropped count=" + n + " reason=backlogFull backlog=" + executor.getQueue().size());
    }
  }

  @Override
  public void record(KubernetesObject o, Type type, String reason, String message) {
    LOG.fine(() -> "event=k8sEvent object=" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
        + " type=" + type + " reason=" + reason + " message=" + message);
    executor.execute(() -> {
      gate.await();
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

  /** Events dropped unwritten because the backlog was full. */
  public long dropped() {
    return dropped.get();
  }

  private void write(KubernetesObject o, Type type, String reason, String message) {
    V1ObjectMeta m = o.getMetadata();
    String ns = m.getNamespace() == null ? "default" : m.getNamespace();
    Key key = new Key(m.getUid(), reason, message);
    // RFC 3339 with whole seconds, as metav1.Time is written (OffsetDateTime.toString drops ":00" seconds)
    String now = java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    try {
      Written w = recent.get(key);
      if (w != null) {
        String patch = "{\"count\":" + (w.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}";
        writes.mergePatch(writes.corePath(w.namespace(), "events", w.name(), null), patch);
        recent.put(key, new Written(w.namespace(), w.name(), w.count() + 1));
        return;
      }
      String name = m.getName() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      writes.post(writes.corePath(ns, "events", null, null), eventJson(o, ns, name, type, reason, message, now));
      recent.put(key, new Written(ns, name, 1));
    } catch (ApiException e) {
      failed.incrementAndGet();
      recent.remove(key);
      LOG.warning("event=eventWriteFailed object=" + ns + "/" + m.getName() + " reason=" + reason + " code=" + e.getCode());
    }
  }

  /** A core/v1 Event as JSON; built as a tree, not through the model classes' reflective serializer. */
  private String eventJson(KubernetesObject o, String ns, String name, Type type, String reason, String message,
      String now) {
    V1ObjectMeta m = o.getMetadata();
    JsonObject meta = new JsonObject();
    meta.addProperty("name", name);
    meta.addProperty("namespace", ns);
    JsonObject involved = new JsonObject();
    involved.addProperty("apiVersion", o.getApiVersion() == null ? "v1" : o.getApiVersion());
    involved.addProperty("kind", kind(o));
    involved.addProperty("name", m.getName());
    involved.addProperty("namespace", m.getNamespace());
    involved.addProperty("uid", m.getUid());
    involved.addProperty("resourceVersion", m.getResourceVersion());
    JsonObject source = new JsonObject();
    source.addProperty("component", component);
    JsonObject ev = new JsonObject();
    ev.addProperty("apiVersion", "v1");
    ev.addProperty("kind", "Event");
    ev.add("metadata", meta);
    ev.add("involvedObject", involved);
    ev.addProperty("reason", reason);
    ev.addProperty("message", message);
    ev.addProperty("type", type.name());
    ev.add("source", source);
    ev.addProperty("reportingComponent", component);
    ev.addProperty("reportingInstance", instance);
    ev.addProperty("firstTimestamp", now);
    ev.addProperty("lastTimestamp", now);
    ev.addProperty("count", 1);
    return ev.toString();
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
