package io.baremetallb.ipam.k8s;

import io.baremetallb.controller.ControllerLoop;
import io.baremetallb.controller.WorkQueue;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.ReservationResult;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApisApi;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The IPReservation side of {@link IpamController}: an informer started as soon as discovery lists
 * the CRD (so installing it later needs no restart), listeners for the REST API, and on the leader
 * the reservation loop and the restore of Bound reservations. Every method that starts or stops
 * something runs on the controller's single scheduler thread, so no two of them run at once.
 */
final class ReservationWatch {
  private static final Logger LOG = Logger.getLogger(ReservationWatch.class.getName());
  private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(2);

  private final ApiClient client;
  private final String namespace;
  private final ScheduledExecutorService scheduler;
  private final Consumer<SharedInformerFactory> started;
  private final Allocator allocator;
  private final Object allocatorLock;
  private final BooleanSupplier allocating;
  private final Runnable released;
  private final List<Consumer<IpReservation>> listeners = new CopyOnWriteArrayList<>();
  private volatile SharedIndexInformer<IpReservation> informer;
  private volatile WorkQueue<String> queue;
  private volatile ControllerLoop<String> loop;

  /**
   * @param started told about the informer factory this creates (the controller stops it on close)
   * @param released run after a reservation gave addresses back
   */
  ReservationWatch(ApiClient client, String namespace, ScheduledExecutorService scheduler,
      Consumer<SharedInformerFactory> started, Allocator allocator, Object allocatorLock, BooleanSupplier allocating,
      Runnable released) {
    this.client = client;
    this.namespace = namespace;
    this.scheduler = scheduler;
    this.started = started;
    this.allocator = allocator;
    this.allocatorLock = allocatorLock;
    this.allocating = allocating;
    this.released = released;
  }

  /** Asks discovery now and every two seconds until the CRD is served, then starts the informer. */
  void watchOnceServed() {
    if (!served()) {
      scheduler.schedule(this::watchOnceServed, DISCOVERY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    SharedInformerFactory f = new SharedInformerFactory(client);
    SharedIndexInformer<IpReservation> inf = f.sharedIndexInformerFor(KubernetesReservationWriter.api(client),
        IpReservation.class, 0, namespace);
    inf.addEventHandler(IpamController.handler(this::enqueue));
    listeners.forEach(l -> inf.addEventHandler(IpamController.handler(l)));
    started.accept(f);
    f.startAllRegisteredInformers();
    informer = inf;
    LOG.info(() -> "event=watchingReservations namespace=" + namespace);
    if (allocating.getAsBoolean()) {
      scheduler.execute(this::startLoop);
    }
  }

  private boolean served() {
    try {
      return new ApisApi(client).getAPIVersions().execute().getGroups().stream()
          .filter(g -> IpReservation.GROUP.equals(g.getName()))
          .anyMatch(g -> g.getVersions().stream().anyMatch(v -> IpReservation.VERSION.equals(v.getVersion())));
    } catch (ApiException e) {
      LOG.warning("event=discoveryFailed group=" + IpReservation.GROUP + " code=" + e.getCode()
          + " (reservations unavailable)");
      return false;
    }
  }

  void onChange(Consumer<IpReservation> listener) {
    listeners.add(listener);
    SharedIndexInformer<IpReservation> inf = informer;
    if (inf != null) {
      inf.addEventHandler(IpamController.handler(listener));
    }
  }

  /** Synced, or not served (then there is nothing to wait for). */
  boolean synced() {
    SharedIndexInformer<IpReservation> inf = informer;
    return inf == null || inf.hasSynced();
  }

  Optional<Lister<IpReservation>> lister() {
    SharedIndexInformer<IpReservation> inf = informer;
    return inf == null ? Optional.empty() : Optional.of(new Lister<>(inf.getIndexer(), namespace));
  }

  /**
   * On becoming leader, before Services are restored: re-learns the addresses of every Bound
   * reservation from its status, so a reservation the allocator picked keeps exactly those.
   */
  void restore() {
    SharedIndexInformer<IpReservation> inf = informer;
    if (inf == null) {
      return;
    }
    int n = 0;
    for (IpReservation r : inf.getIndexer().list()) {
      List<IpAddress> ips = ReservationReconciler.boundAddresses(r);
      if (ips.isEmpty()) {
        continue;
      }
      ReservationResult res;
      synchronized (allocatorLock) {
        res = allocator.reserve(r.getMetadata().getName(), ips);
      }
      if (res instanceof ReservationResult.Refused no) {
        LOG.warning("event=reservationRestoreConflict name=" + r.getMetadata().getName() + " reason=\""
            + no.message() + "\"");
      } else {
        n++;
      }
    }
    int restored = n;
    LOG.info(() -> "event=reservationsRestored count=" + restored);
  }

  /** On the leader, once the informer exists and has synced: the reservation loop. */
  void startLoop() {
    SharedIndexInformer<IpReservation> inf = informer;
    if (inf == null || !allocating.getAsBoolean() || loop != null) {
      return;
    }
    if (!inf.hasSynced()) {
      scheduler.schedule(this::startLoop, 50, TimeUnit.MILLISECONDS);
      return;
    }
    WorkQueue<String> q = WorkQueue.withDefaults();
    ControllerLoop<String> l = new ControllerLoop<>("reservations", q, new ReservationReconciler(
        lister().orElseThrow(), allocator, allocatorLock, new KubernetesReservationWriter(client),
        InstantSource.system(), released));
    queue = q;
    loop = l;
    l.start(1, Thread::new);
    inf.getIndexer().list().forEach(this::enqueue);
  }

  void stopLoop() {
    ControllerLoop<String> l = loop;
    if (l != null) {
      l.stop();
    }
    loop = null;
    queue = null;
  }

  boolean loopAlive() {
    ControllerLoop<String> l = loop;
    return l == null || l.workersAlive();
  }

  private void enqueue(IpReservation r) {
    WorkQueue<String> q = queue;
    if (allocating.getAsBoolean() && q != null) {
      q.add(r.getMetadata().getName());
    }
  }
}
