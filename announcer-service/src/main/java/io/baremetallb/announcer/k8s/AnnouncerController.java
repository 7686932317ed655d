package io.baremetallb.announcer.k8s;

import io.baremetallb.announcer.membership.Agreement;
import io.baremetallb.announcer.membership.Membership;
import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigProblem;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.config.LegacyConfigParser;
import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApisApi;
import io.kubernetes.client.openapi.models.V1APIGroup;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSliceList;
import io.kubernetes.client.openapi.models.V1GroupVersionForDiscovery;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The announcer's Kubernetes side, without any framework: informers for Services, Nodes,
 * EndpointSlices, the config ConfigMap and the {@code metallb.io} resources. On any change (once
 * every cache has synced) it recomputes the layer-2 demands with {@link DemandBuilder} and, when
 * they differ from the last ones, hands an {@link Update} to the consumer (the membership, or a
 * test). An invalid configuration is logged and the last valid one is kept.
 */
public final class AnnouncerController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AnnouncerController.class.getName());
  private static final List<String> CONFIG_KINDS =
      List.of("ipaddresspools", "l2advertisements", "bgpadvertisements", "bgppeers", "bfdprofiles", "communities");

  /**
   * Where the configuration lives and which Services are ours (as the IPAM reads them).
   *
   * @param ignoreExcludeLabel BMLB_IGNORE_EXCLUDE_LB_LABEL: also announce from nodes labelled
   *     {@value DemandBuilder#EXCLUDE_LABEL}
   */
  public record Settings(String namespace, String configMapName, String configKey, String loadBalancerClass,
      boolean claimClassless, boolean ignoreExcludeLabel) {
    public static Settings defaults() {
      return new Settings("metallb-system", "config", "config", "baremetallb.io/lb", true, false);
    }
  }

  /**
   * What the cluster asks of the announcers now.
   *
   * @param demands the layer-2 demands, nodes and advertisements
   * @param peers every Node's InternalIP, where the other announcers are
   * @param knownAnnouncers how many announcers there are (one per Node)
   */
  public record Update(DemandBuilder.Result demands, List<IpAddress> peers, int knownAnnouncers) {
    public Update {
      peers = List.copyOf(peers);
    }
  }

  /**
   * Everything the BGP side plans from, as the caches hold it now (handed over on every change,
   * once the caches synced and a valid configuration is loaded).
   */
  public record ClusterView(Config config, List<V1Service> services, List<V1Node> nodes,
      List<V1EndpointSlice> slices, List<V1Secret> secrets) {
  }

  private final ApiClient client;
  private final Settings settings;
  private volatile Consumer<ClusterView> viewConsumer = v -> { };
  private SharedIndexInformer<V1Secret> secrets;
  private final DemandBuilder builder;
  private final Consumer<Update> consumer;
  private final Consumer<AssignmentEvents.Event> events;
  private Set<IpAddress> announced = Set.of();
  private Map<IpAddress, String> unannounced = Map.of();
  private final List<SharedInformerFactory> factories = new ArrayList<>();
  private final List<SharedIndexInformer<MetallbObject>> metallb = new ArrayList<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "announcer-k8s");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile Config config;
  private volatile Update last;
  private SharedIndexInformer<V1Service> services;
  private SharedIndexInformer<V1Node> nodes;
  private SharedIndexInformer<V1EndpointSlice> slices;
  private SharedIndexInformer<V1ConfigMap> configMaps;

  /** Writes {@code nodeAssigned} events through the API as {@code nodeName}. */
  public AnnouncerController(ApiClient client, Settings settings, String nodeName, Consumer<Update> consumer) {
    this(client, settings, consumer, new ServiceEventWriter(client, "baremetallb-announcer", nodeName));
  }

  public AnnouncerController(ApiClient client, Settings settings, Consumer<Update> consumer,
      Consumer<AssignmentEvents.Event> events) {
    this.client = client;
    this.events = events;
    this.settings = settings;
    this.builder = new DemandBuilder(settings.loadBalancerClass(), settings.claimClassless(), settings.ignoreExcludeLabel());
    this.consumer = consumer;
  }

  /** Starts the informers; returns at once. The first update comes once every cache has synced. */
  public synchronized void start() {
    SharedInformerFactory f = factory();
    services = f.sharedIndexInformerFor(api(V1Service.class, V1ServiceList.class, "", "v1", "services"), V1Service.class, 0);
    nodes = f.sharedIndexInformerFor(api(V1Node.class, V1NodeList.class, "", "v1", "nodes"), V1Node.class, 0);
    slices = f.sharedIndexInformerFor(api(V1EndpointSlice.class, V1EndpointSliceList.class, "discovery.k8s.io", "v1",
        "endpointslices"), V1EndpointSlice.class, 0);
    configMaps = f.sharedIndexInformerFor(api(V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps"),
        V1ConfigMap.class, 0, settings.namespace());
    // Secrets of the installation's namespace: BGP passwords (MetalLB keeps them there too)
    secrets = factory().sharedIndexInformerFor(api(V1Secret.class, V1SecretList.class, "", "v1", "secrets"),
        V1Secret.class, 0, settings.namespace());
    List.of(services, nodes, slices, configMaps).forEach(i -> i.addEventHandler(handler()));
    secrets.addEventHandler(handler());
    for (String[] r : discoverMetallb()) {
      // one factory per resource: a factory keeps one informer per Java class
      SharedIndexInformer<MetallbObject> inf = factory().sharedIndexInformerFor(
          api(MetallbObject.class, MetallbObject.List_.class, "metallb.io", r[1], r[0]), MetallbObject.class, 0,
          settings.namespace());
      inf.addEventHandler(handler());
      metallb.add(inf);
    }
    factories.forEach(SharedInformerFactory::startAllRegisteredInformers);
    changed(); // an empty cluster sends no events
  }

  private SharedInformerFactory factory() {
    SharedInformerFactory f = new SharedInformerFactory(client);
    factories.add(f);
    return f;
  }

  private <T extends KubernetesObject, L extends KubernetesListObject> GenericKubernetesApi<T, L> api(Class<T> type,
      Class<L> list, String group, String version, String plural) {
    return new GenericKubernetesApi<>(type, list, group, version, plural, client);
  }

  /** Plural and version of each served {@code metallb.io} configuration kind; none if the group is absent. */
  private List<String[]> discoverMetallb() {
    try {
      Optional<V1APIGroup> group = new ApisApi(client).getAPIVersions().execute().getGroups().stream()
          .filter(g -> "metallb.io".equals(g.getName())).findFirst();
      Set<String> versions = group.map(g -> g.getVersions().stream().map(V1GroupVersionForDiscovery::getVersion)
          .collect(Collectors.toSet())).orElse(Set.of());
      List<String[]> out = new ArrayList<>();
      for (String plural : CONFIG_KINDS) {
        if (plural.equals("bgppeers") && versions.contains("v1beta2")) {
          out.add(new String[] {plural, "v1beta2"});
        } else if (versions.contains("v1beta1")) {
          out.add(new String[] {plural, "v1beta1"});
        }
      }
      return out;
    } catch (ApiException e) {
      LOG.warning("event=discoveryFailed group=metallb.io code=" + e.getCode() + " (using the ConfigMap only)");
      return List.of();
    }
  }

  private <T extends KubernetesObject> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed();
      }
    };
  }

  /** Coalesces bursts of events into one recomputation on the controller's thread. */
  private void changed() {
    if (pending.compareAndSet(false, true) && !loop.isShutdown()) {
      loop.execute(this::recomputeSafely);
    }
  }

  private void recomputeSafely() {
    pending.set(false);
    try {
      recompute();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=recomputeFailed", e);
    }
  }

  private void recompute() {
    if (!synced()) {
      if (!loop.isShutdown()) {
        loop.schedule(this::changed, 20, TimeUnit.MILLISECONDS);
      }
      return;
    }
    loadConfig();
    Config c = config;
    if (c == null) {
      return;
    }
    List<V1Node> ns = nodes.getIndexer().list();
    List<V1Service> svcs = services.getIndexer().list();
    List<V1EndpointSlice> sl = slices.getIndexer().list();
    viewConsumer.accept(new ClusterView(c, svcs, ns, sl, secrets.getIndexer().list()));
    Update u = new Update(builder.build(svcs, c, ns, sl), DemandBuilder.internalIps(ns), ns.size());
    if (!u.equals(last)) {
      last = u;
      LOG.fine(() -> "event=demands ips=" + u.demands().demands().size() + " nodes=" + ns.size());
      consumer.accept(u);
    }
  }

  private void loadConfig() {
    List<MetallbObject> crs = new ArrayList<>();
    metallb.forEach(i -> crs.addAll(i.getIndexer().list()));
    ConfigResult result;
    if (!crs.isEmpty()) {
      result = CrdConfigParser.parseObjects(crs.stream().map(o -> (Object) o.toJson()).toList());
    } else {
      Optional<V1ConfigMap> cm = configMaps.getIndexer().list().stream()
          .filter(m -> settings.configMapName().equals(m.getMetadata().getName())).findFirst();
      String text = cm.map(m -> m.getData() == null ? null : m.getData().get(settings.configKey())).orElse(null);
      result = cm.isEmpty() ? new ConfigResult.Valid(Config.EMPTY) : text == null
          ? new ConfigResult.Invalid(List.of(new ConfigProblem("data." + settings.configKey(), "missing")))
          : LegacyConfigParser.parse(text);
    }
    if (result instanceof ConfigResult.Valid v) {
      config = v.config();
    } else if (!Objects.equals(result, lastRejected)) {
      lastRejected = result;
      LOG.warning("event=configRejected keeping=" + (config == null ? "none" : "last valid") + " problems="
          + ((ConfigResult.Invalid) result).describe());
    }
  }

  private volatile ConfigResult lastRejected;

  /**
   * This node now answers for {@code owned} (from the membership's ownership change): every
   * Service of ours holding a newly owned IP gets a {@code nodeAssigned} event. Runs on the
   * controller's thread, so the caller never waits for the API.
   */
  public void ownedChanged(String node, Set<IpAddress> owned) {
    Set<IpAddress> now = Set.copyOf(owned);
    withServices(ours -> {
      List<AssignmentEvents.Event> ev = AssignmentEvents.gained(node, announced, now, ours);
      announced = now;
      ev.forEach(events);
    });
  }

  /**
   * The coordinator's planner says nobody answers for these IPs, and why: a Warning on each
   * Service holding one, once per new or changed reason.
   */
  public void unannouncedChanged(Map<IpAddress, String> reasons) {
    Map<IpAddress, String> now = Map.copyOf(reasons);
    withServices(ours -> {
      List<AssignmentEvents.Event> ev = AssignmentEvents.unannounced(unannounced, now, ours);
      unannounced = now;
      ev.forEach(events);
    });
  }

  /** Called on the controller's thread with every new {@link ClusterView} (the BGP side). */
  public void onClusterView(Consumer<ClusterView> consumer) {
    this.viewConsumer = consumer;
  }

  /** Which Services are ours (class rules), for the BGP inputs. */
  public DemandBuilder builder() {
    return builder;
  }

  /** Writes events (from the controller's thread or any other). */
  public void write(List<AssignmentEvents.Event> ev) {
    ev.forEach(events);
  }

  /** Runs {@code task} on the controller's thread with the Services of ours in the cache. */
  public void withServices(Consumer<List<V1Service>> task) {
    if (loop.isShutdown() || services == null) {
      return;
    }
    loop.execute(() -> {
      try {
        task.accept(services.getIndexer().list().stream().filter(builder::ours).toList());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event=serviceTaskFailed", e);
      }
    });
  }

  /** A consumer that feeds the membership: the peers to look for and the planner's inputs. */
  public static Consumer<Update> feeding(Membership membership) {
    return u -> {
      membership.setPeers(u.peers().stream().map(IpAddress::toInetAddress).toList());
      membership.setInputs(new Agreement.Inputs(u.demands().demands(), u.demands().nodes(), u.knownAnnouncers()));
    };
  }

  /** Every cache has listed once. */
  public boolean synced() {
    return services != null && services.hasSynced() && nodes.hasSynced() && slices.hasSynced()
        && configMaps.hasSynced() && secrets.hasSynced() && metallb.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** Readiness: caches synced and a valid configuration loaded. */
  public boolean ready() {
    return synced() && config != null;
  }

  /** The last update handed to the consumer. */
  public Optional<Update> last() {
    return Optional.ofNullable(last);
  }

  @Override
  public synchronized void close() {
    loop.shutdownNow();
    factories.forEach(SharedInformerFactory::stopAllRegisteredInformers);
  }
}
