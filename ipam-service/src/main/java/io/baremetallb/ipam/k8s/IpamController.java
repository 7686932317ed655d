package io.baremetallb.ipam.k8s;

import io.baremetallb.controller.ControllerLoop;
import io.baremetallb.controller.WorkQueue;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.ExistingAllocation;
import io.baremetallb.ipam.core.PoolStats;
import io.baremetallb.ipam.core.RestoreConflict;
import io.baremetallb.ipam.k8s.EventRecorder.Reasons;
import io.baremetallb.ipam.k8s.ServiceMapper.Mapping;
import io.baremetallb.ipam.k8s.leader.KubernetesLeaseStore;
import io.baremetallb.ipam.k8s.leader.LeaderElector;
import io.baremetallb.model.ServiceKey;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IPAM service's Kubernetes side, without any framework: informers for Services, Namespaces,
 * the config ConfigMap and the metallb.io resources; one loop that loads the configuration (on
 * every replica, so a standby is ready), one that reconciles Services (only on the leader, only
 * after it has restored every existing allocation from the Services' statuses); and Lease-based
 * leader election. The CDI layer creates one and exposes its state to health, metrics and REST.
 */
public final class IpamController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IpamController.class.getName());

  private final ApiClient client;
  private final IpamSettings settings;
  private final Allocator allocator = new Allocator();
  private final Object allocatorLock = new Object();
  private final ConfigState configState = new ConfigState();
  private final ServiceMapper mapper;
  private final KubernetesEventRecorder events;
  private final CountingWriter writer;
  private final AllocationLatency latency = new AllocationLatency(System::nanoTime);
  /**
   * Follow-up writes (pool annotation, Events) while Services are being reconciled: one per this many
   * status writes, and at least one per {@link #FOLLOW_UP_MIN_PACE}; at once when the queue is idle.
   * During a burst the API server's time goes to addresses first: at one per two, the Events of a
   * 10,000-Service burst were a tenth of the API server's work in it; the rest follow once it is over.
   */
  static final int STATUS_WRITES_PER_FOLLOW_UP = 10;
  static final java.time.Duration FOLLOW_UP_MIN_PACE = java.time.Duration.ofSeconds(1);
  private final FollowUpGate followUps;
  private volatile DeferredAnnotations annotations;
  private final List<SharedInformerFactory> factories = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<MetallbObject>> metallbInformers = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ipam-leadership");
    t.setDaemon(true);
    return t;
  });
  /**
   * Writes the IPAddressPool objects' status once a second on the leader ({@link PoolStatusWriter}); a thread
   * of its own, so that a slow API write never delays a leader-election tick on {@link #scheduler}.
   */
  private final ScheduledExecutorService poolStatusThread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ipam-pool-status");
    t.setDaemon(true);
    return t;
  });
  static final java.time.Duration POOL_STATUS_EVERY = java.time.Duration.ofSeconds(1);
  private volatile PoolStatusWriter poolStatus;
  /** Incremented each time this replica starts allocating (PoolStatusWriter#sync). */
  private final java.util.concurrent.atomic.AtomicLong leadTerm = new java.util.concurrent.atomic.AtomicLong();
  private volatile SharedIndexInformer<MetallbObject> poolObjects;
  private final WorkQueue<String> configQueue = WorkQueue.withDefaults();
  private final ControllerLoop<String> configLoop;
  private final AtomicBoolean allocating = new AtomicBoolean();
  private final AtomicBoolean leaderKnown = new AtomicBoolean();
  private volatile WorkQueue<ServiceKey> serviceQueue;
  private volatile ControllerLoop<ServiceKey> serviceLoop;
  private final ReservationWatch reservations;
  private final LeaderElector elector;

  private SharedIndexInformer<V1Service> services;
  private SharedIndexInformer<V1Namespace> namespaces;
  private SharedIndexInformer<V1ConfigMap> configMaps;

  public IpamController(ApiClient client, IpamSettings settings) {
    this.client = client;
    this.settings = settings;
    this.mapper = new ServiceMapper(settings.loadBalancerClass(), settings.claimClassless());
    this.events = new KubernetesEventRecorder(client, "baremetallb-ipam", settings.identity());
    this.writer = new CountingWriter(new KubernetesServiceWriter(client));
    this.followUps = new FollowUpGate(this::reconciling, writer::statusWrites, STATUS_WRITES_PER_FOLLOW_UP,
        FOLLOW_UP_MIN_PACE, System::nanoTime);
    writer.afterStatusWrite(followUps::statusWritten);
    events.deferWhile(followUps);
    this.reservations = new ReservationWatch(client, settings.namespace(), scheduler, factories::add, allocator,
        allocatorLock, allocating::get, this::requeueUnallocatedServices);
    ConfigReconciler config = new ConfigReconciler(configInputs(), settings.configKey(), allocator, allocatorLock,
        configState, events, this::requeueAllServices, this::isLeader);
    // Reading the config before the caches are filled would load "no config" and then restore
    // every Service against empty pools: wait for the first full list.
    this.configLoop = new ControllerLoop<>("config", configQueue, key -> informersSynced()
        ? config.reconcile(key) : io.baremetallb.controller.Result.requeueAfter(java.time.Duration.ofMillis(50), "caches not synced"));
    this.elector = settings.leaderElection()
        ? new LeaderElector(new KubernetesLeaseStore(client, settings.namespace(), settings.leaseName()),
            settings.identity(), new LeaderElector.Timing(settings.leaseDuration(), settings.renewDeadline(),
                settings.retryPeriod()), InstantSource.system(), new Leadership())
        : null;
  }

  /** Starts the informers, the config loop and leader election; returns at once. */
  public synchronized void start() {
    SharedInformerFactory factory = new SharedInformerFactory(client);
    factories.add(factory);
    services = factory.sharedIndexInformerFor(new LeanServiceListerWatcher(client), V1Service.class, 0);
    namespaces = factory.sharedIndexInformerFor(
        new GenericKubernetesApi<>(V1Namespace.class, V1NamespaceList.class, "", "v1", "namespaces", client), V1Namespace.class, 0);
    configMaps = factory.sharedIndexInformerFor(
        new GenericKubernetesApi<>(V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client),
        V1ConfigMap.class, 0, settings.namespace());
    services.addEventHandler(handler(s -> enqueueService(s)));
    namespaces.addEventHandler(handler(ns -> requeueNamespace(ns.getMetadata().getName())));
    configMaps.addEventHandler(handler(cm -> {
      if (settings.configMapName().equals(cm.getMetadata().getName())) {
        configQueue.add(ConfigReconciler.KEY);
      }
    }));
    for (MetallbResources.Served r : discoverMetallb()) {
      // one factory per resource: a factory keeps one informer per Java class
      SharedInformerFactory f = new SharedInformerFactory(client);
      factories.add(f);
      SharedIndexInformer<MetallbObject> inf = f.sharedIndexInformerFor(new GenericKubernetesApi<>(
          MetallbObject.class, MetallbObject.List_.class, "metallb.io", r.version(), r.plural(), client),
          MetallbObject.class, 0, settings.namespace());
      inf.addEventHandler(handler(o -> configQueue.add(ConfigReconciler.KEY)));
      metallbInformers.add(inf);
      if (r.plural().equals("ipaddresspools")) {
        poolObjects = inf;
        poolStatus = new PoolStatusWriter(client, settings.namespace(), r.version());
      }
    }
    factories.forEach(SharedInformerFactory::startAllRegisteredInformers);
    scheduler.execute(reservations::watchOnceServed);
    configQueue.add(ConfigReconciler.KEY);
    configLoop.start(1, Thread::new);
    if (poolStatus != null) {
      poolStatusThread.scheduleWithFixedDelay(this::writePoolStatuses, POOL_STATUS_EVERY.toMillis(),
          POOL_STATUS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (elector != null) {
      scheduler.scheduleWithFixedDelay(this::tickSafely, 0, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
    } else {
      leaderKnown.set(true);
      scheduler.execute(this::startAllocating);
    }
  }

  private List<MetallbResources.Served> discoverMetallb() {
    try {
      return MetallbResources.discover(client);
    } catch (ApiException e) {
      LOG.warning("event=discoveryFailed group=metallb.io code=" + e.getCode() + " (using the ConfigMap only)");
      return List.of();
    }
  }

  private void tickSafely() {
    try {
      elector.tick();
      leaderKnown.set(true);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=leaderElectionTickFailed", e);
    }
  }

  private final class Leadership implements LeaderElector.Listener {
    @Override
    public void startedLeading() {
      scheduler.execute(IpamController.this::startAllocating);
    }

    @Override
    public void stoppedLeading() {
      stopAllocating();
    }
  }

  /** On becoming leader: wait for caches and config, restore every allocation, then reconcile. */
  private void startAllocating() {
    if (elector != null && !elector.isLeader()) {
      return;
    }
    if (!informersSynced() || !configState.loaded()) {
      scheduler.schedule(this::startAllocating, 50, TimeUnit.MILLISECONDS);
      return;
    }
    reservations.restore();
    restore();
    WorkQueue<ServiceKey> q = WorkQueue.withDefaults();
    if (annotations == null) {
      annotations = new DeferredAnnotations(writer, new Lister<>(services.getIndexer()), followUps, this::enqueueKey)
          .start();
    }
    ServiceReconciler reconciler = new ServiceReconciler(new Lister<>(services.getIndexer()),
        new Lister<>(namespaces.getIndexer()), mapper, allocator, allocatorLock, latency.wrap(annotations), events);
    ControllerLoop<ServiceKey> loop = new ControllerLoop<>("services", q, key -> {
      io.baremetallb.controller.Result r = reconciler.reconcile(key);
      if (r.kind() != io.baremetallb.controller.Result.Kind.RETRY) {
        latency.settled(key);
      }
      return r;
    });
    serviceQueue = q;
    serviceLoop = loop;
    leadTerm.incrementAndGet();
    allocating.set(true);
    loop.start(settings.workers(), Thread::new);
    requeueAllServices();
    reservations.startLoop();
    LOG.info(() -> "event=allocating identity=" + settings.identity() + " services=" + services.getIndexer().list().size());
  }

  /**
   * On the leader: the counters of every pool an IPAddressPool object defines, written to its status when they
   * changed. Never throws (the schedule would stop).
   */
  private void writePoolStatuses() {
    try {
      if (!allocating.get()) {
        return;
      }
      Map<String, PoolStats> stats;
      synchronized (allocatorLock) {
        stats = allocator.stats();
      }
      Map<String, PoolStatusWriter.Counts> counts = new HashMap<>();
      for (MetallbObject pool : poolObjects.getIndexer().list()) {
        PoolStats s = stats.get(pool.getMetadata().getName());
        if (s != null) {
          counts.put(pool.getMetadata().getName(), PoolStatusWriter.Counts.of(s));
        }
      }
      poolStatus.sync(leadTerm.get(), counts);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=poolStatusFailed", e);
    }
  }

  /** Re-learns what every Service holds from its status, before anything new is allocated. */
  private void restore() {
    Lister<V1Namespace> nsLister = new Lister<>(namespaces.getIndexer());
    Map<ServiceKey, ExistingAllocation> existing = new HashMap<>();
    Map<ServiceKey, V1Service> byKey = new HashMap<>();
    for (V1Service s : services.getIndexer().list()) {
      List<IpAddress> ips = ServiceReconciler.ingressIps(s);
      ServiceKey key = new ServiceKey(s.getMetadata().getNamespace(), s.getMetadata().getName());
      if (!ips.isEmpty() && mapper.map(s, NamespaceLabels.of(nsLister, key.namespace())) instanceof Mapping.Ours o) {
        existing.put(key, new ExistingAllocation(o.request(), ips));
        byKey.put(key, s);
      }
    }
    List<RestoreConflict> conflicts;
    synchronized (allocatorLock) {
      conflicts = allocator.restore(existing);
    }
    for (RestoreConflict c : conflicts) {
      events.record(byKey.get(c.service()), EventRecorder.Type.Warning, Reasons.RESTORE_CONFLICT,
          c.reason().message() + (c.kept() ? " (keeping it; nobody is moved)" : " (it will be given another address)"));
    }
    LOG.info(() -> "event=restored services=" + existing.size() + " conflicts=" + conflicts.size());
  }

  private void stopAllocating() {
    if (!allocating.getAndSet(false)) {
      return;
    }
    ControllerLoop<ServiceKey> loop = serviceLoop;
    if (loop != null) {
      loop.stop();
    }
    reservations.stopLoop();
    latency.clear();

    synchronized (allocatorLock) {
      allocator.assignments().keySet().forEach(allocator::release);
      allocator.reservations().keySet().forEach(allocator::unreserveAll);
    }
    LOG.info(() -> "event=standby identity=" + settings.identity());
  }

  /** Services ready to be reconciled or being reconciled (not those waiting out a retry). */
  private boolean reconciling() {
    WorkQueue<ServiceKey> q = serviceQueue;
    return allocating.get() && q != null && q.active() > 0;
  }

  private void enqueueService(V1Service s) {
    enqueueKey(new ServiceKey(s.getMetadata().getNamespace(), s.getMetadata().getName()));
  }

  private void enqueueKey(ServiceKey key) {
    WorkQueue<ServiceKey> q = serviceQueue;
    if (allocating.get() && q != null) {
      latency.seen(key);
      q.add(key);
    }
  }

  /** After a reservation gave addresses back: Services that hold nothing may get one now. */
  private void requeueUnallocatedServices() {
    List<ServiceKey> waiting = new ArrayList<>();
    synchronized (allocatorLock) {
      for (V1Service s : services.getIndexer().list()) {
        ServiceKey k = new ServiceKey(s.getMetadata().getNamespace(), s.getMetadata().getName());
        if (allocator.assignment(k).isEmpty()) {
          waiting.add(k);
        }
      }
    }
    WorkQueue<ServiceKey> q = serviceQueue;
    if (allocating.get() && q != null) {
      waiting.forEach(q::add);
    }
  }

  private void requeueAllServices() {
    if (services != null) {
      services.getIndexer().list().forEach(this::enqueueService);
    }
  }

  private void requeueNamespace(String ns) {
    services.getIndexer().list().stream().filter(s -> ns.equals(s.getMetadata().getNamespace()))
        .forEach(this::enqueueService);
  }

  private ConfigReconciler.Inputs configInputs() {
    return new ConfigReconciler.Inputs() {
      @Override
      public Optional<V1ConfigMap> configMap() {
        return Optional.ofNullable(new Lister<>(configMaps.getIndexer()).namespace(settings.namespace())
            .get(settings.configMapName()));
      }

      @Override
      public List<MetallbObject> metallbResources() {
        List<MetallbObject> all = new ArrayList<>();
        metallbInformers.forEach(i -> all.addAll(i.getIndexer().list()));
        return all;
      }
    };
  }

  static <T extends io.kubernetes.client.common.KubernetesObject> ResourceEventHandler<T> handler(Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(obj);
      }
    };
  }

  public boolean informersSynced() {
    return services != null && services.hasSynced() && namespaces.hasSynced() && configMaps.hasSynced()
        && metallbInformers.stream().allMatch(SharedIndexInformer::hasSynced)
        && reservations.synced();
  }

  /** Readiness: caches synced, a configuration loaded, and this replica knows whether it leads. */
  public boolean ready() {
    return informersSynced() && configState.loaded() && leaderKnown.get();
  }

  /** Liveness: the loops' threads are alive. */
  public boolean alive() {
    ControllerLoop<ServiceKey> loop = serviceLoop;
    return configLoop.workersAlive() && (!allocating.get() || ((loop == null || loop.workersAlive())
        && reservations.loopAlive()));
  }

  public boolean isLeader() {
    return elector == null || elector.isLeader();
  }

  public boolean allocating() {
    return allocating.get();
  }

  public Allocator allocator() {
    return allocator;
  }

  /** Hold this while reading the allocator from another thread (REST, metrics). */
  public Object allocatorLock() {
    return allocatorLock;
  }

  public ConfigState configState() {
    return configState;
  }

  /** Create-to-status latencies of Service allocations (the metrics histogram subscribes). */
  public AllocationLatency allocationLatency() {
    return latency;
  }

  public long updates() {
    return writer.updates();
  }

  public long updateErrors() {
    return writer.errors();
  }

  /** Events the API server refused or that could not be sent. */
  public long eventsFailed() {
    return events.failures();
  }

  /** Events dropped unwritten because the recorder's backlog was full. */
  public long eventsDropped() {
    return events.dropped();
  }

  public Lister<V1Service> serviceLister() {
    return new Lister<>(services.getIndexer());
  }

  /** The IPReservations of the controller's namespace, as the informer has them; empty when the CRD is not served. */
  public Optional<Lister<IpReservation>> reservations() {
    return reservations.lister();
  }

  /** Calls {@code listener} on every IPReservation added, changed or deleted (the REST API waits for statuses with it). */
  public void onReservationChange(Consumer<IpReservation> listener) {
    reservations.onChange(listener);
  }

  /** What this replica holds for reservation {@code name}, if it leads and holds it. */
  public Optional<List<IpAddress>> heldReservation(String name) {
    synchronized (allocatorLock) {
      return Optional.ofNullable(allocator.reservations().get(name));
    }
  }

  /** Where reservations are created. */
  public String namespace() {
    return settings.namespace();
  }

  public ApiClient apiClient() {
    return client;
  }

  /** The Service cache itself, for readers that answer from it directly (the DNS responder). */
  public io.kubernetes.client.informer.cache.Indexer<V1Service> serviceIndexer() {
    return services.getIndexer();
  }

  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    poolStatusThread.shutdownNow();
    stopAllocating();
    if (elector != null) {
      elector.release();
    }
    stopLoopsAndInformers();
  }

  /** Simulates this replica dying (for tests): everything stops, the lease is not handed back. */
  public synchronized void crash() {
    scheduler.shutdownNow();
    poolStatusThread.shutdownNow();
    stopAllocating();
    stopLoopsAndInformers();
  }

  private void stopLoopsAndInformers() {
    configLoop.stop();
    DeferredAnnotations a = annotations;
    if (a != null) {
      a.close();
    }
    factories.forEach(SharedInformerFactory::stopAllRegisteredInformers);
    events.close();
  }
}
