package io.baremetallb.ipam.app;

import io.baremetallb.ipam.k8s.IpamController;
import io.baremetallb.ipam.k8s.IpamSettings;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the {@link IpamController} when the application starts and closes it when it stops.
 * Until the Kubernetes API can be reached (a kubeconfig not written yet, for instance), it keeps
 * trying every second, and readiness says why it is not ready.
 */
@ApplicationScoped
public class IpamRuntime {
  private static final Logger LOG = Logger.getLogger(IpamRuntime.class.getName());

  @Inject
  @ConfigProperty(name = "bmlb.kubeconfig")
  Optional<String> kubeconfig;

  @Inject
  @ConfigProperty(name = "bmlb.kube.namespace", defaultValue = "metallb-system")
  String namespace;

  @Inject
  @ConfigProperty(name = "bmlb.pod.name")
  Optional<String> podName;

  @Inject
  @ConfigProperty(name = "bmlb.config.configmap", defaultValue = "config")
  String configMap;

  @Inject
  @ConfigProperty(name = "bmlb.loadbalancer.class")
  Optional<String> loadBalancerClass;

  @Inject
  @ConfigProperty(name = "bmlb.leader.election.enabled", defaultValue = "true")
  boolean leaderElection;

  @Inject
  @ConfigProperty(name = "bmlb.leader.election.lease.name", defaultValue = "baremetal-lb-ipam")
  String leaseName;

  @Inject
  @ConfigProperty(name = "bmlb.leader.election.lease.duration.seconds", defaultValue = "15")
  int leaseSeconds;

  @Inject
  @ConfigProperty(name = "bmlb.leader.election.renew.deadline.seconds", defaultValue = "10")
  int renewSeconds;

  @Inject
  @ConfigProperty(name = "bmlb.leader.election.retry.period.seconds", defaultValue = "2")
  int retrySeconds;

  @Inject
  @ConfigProperty(name = "bmlb.workers", defaultValue = "2")
  int workers;

  private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ipam-start");
    t.setDaemon(true);
    return t;
  });
  @Inject
  @ConfigProperty(name = "bmlb.dns.enabled", defaultValue = "true")
  boolean dnsEnabled;

  @Inject
  org.eclipse.microprofile.config.Config config;

  @Inject
  org.eclipse.microprofile.metrics.MetricRegistry registry;

  private volatile IpamController controller;
  private volatile io.baremetallb.ipam.dns.DnsServer dns;
  private volatile String notStartedBecause = "starting";
  /** Why the DNS responder is not answering though enabled (empty when it is, or when it is off). */
  private volatile String dnsProblem = "";

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    starter.execute(this::tryStart);
  }

  private void tryStart() {
    IpamController c = null;
    ApiClient client;
    try {
      client = apiClient();
      c = new IpamController(client, settings());
      c.allocationLatency().reportTo(IpamMetrics.allocationLatency(registry)::update);
      c.start();
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close(); // the next try starts a new one: never two controllers in one process
      }
      notStartedBecause = "cannot reach the Kubernetes API: " + e.getMessage();
      LOG.warning("event=ipamStartDeferred reason=\"" + notStartedBecause + "\" retryIn=1s");
      starter.schedule(this::tryStart, 1, TimeUnit.SECONDS);
      return;
    }
    controller = c;
    notStartedBecause = "";
    LOG.info(() -> "event=ipamStarted api=" + client.getBasePath() + " namespace=" + namespace);
    if (dnsEnabled) {
      startDns(c::serviceIndexer, key -> config.getOptionalValue(key, String.class));
    }
  }

  /**
   * The DNS responder answers from the controller's Service cache. Its keys are the dns.* keys of
   * docs/dns.md under the bmlb. prefix (environment: BMLB_DNS_PORT, BMLB_DNS_ZONES, ...), read with
   * {@code config}. An invalid key or a port that is taken leaves it off, says why in the log and in
   * readiness ({@link #dnsProblem}), and changes nothing else: the controller runs on.
   */
  void startDns(java.util.function.Supplier<io.kubernetes.client.informer.cache.Indexer<io.kubernetes.client.openapi.models.V1Service>> services,
      java.util.function.Function<String, Optional<String>> config) {
    io.baremetallb.ipam.dns.DnsConfig cfg;
    try {
      cfg = io.baremetallb.ipam.dns.DnsConfig.fromProperties(key -> {
        Optional<String> v = config.apply("bmlb." + key);
        if (v.isEmpty() && key.equals(io.baremetallb.ipam.dns.DnsConfig.KEY_TTL)) {
          v = config.apply("bmlb.dns.ttl.seconds");
        }
        return v;
      });
    } catch (IllegalArgumentException e) {
      dnsProblem = "invalid DNS configuration: " + e.getMessage();
      LOG.warning("event=dnsConfigInvalid error=\"" + e.getMessage() + "\" (the DNS responder stays off)");
      return;
    }
    io.baremetallb.ipam.dns.DnsServer server = new io.baremetallb.ipam.dns.DnsServer(cfg,
        new io.baremetallb.ipam.dns.InformerServiceDirectory(services.get()));
    try {
      server.start();
    } catch (IOException e) {
      dnsProblem = "DNS responder: " + e.getMessage();
      LOG.warning("event=dnsStartFailed error=\"" + e.getMessage() + "\" (set BMLB_DNS_PORT to a free port)");
      return;
    }
    dns = server;
    LOG.info(() -> "event=dnsStarted port=" + server.port());
  }

  /** Why the DNS responder is enabled but not answering; empty otherwise. */
  public String dnsProblem() {
    return dnsProblem;
  }

  /** The DNS responder, when enabled and listening. */
  public Optional<io.baremetallb.ipam.dns.DnsServer> dns() {
    return Optional.ofNullable(dns);
  }

  /** Readiness of the DNS part: disabled counts as fine, enabled must be listening. */
  public boolean dnsReady() {
    return !dnsEnabled || (dns != null && dns.isListening());
  }

  IpamSettings settings() {
    String identity = podName.filter(s -> !s.isBlank()).orElseGet(IpamRuntime::hostName);
    String cls = loadBalancerClass.map(String::trim).orElse("");
    boolean classless = cls.isEmpty();
    return new IpamSettings(namespace, configMap, "config", cls, classless,
        leaderElection, leaseName, identity, Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(renewSeconds),
        Duration.ofSeconds(retrySeconds), workers);
  }

  /** {@code bmlb.kubeconfig} if set; in a pod the in-cluster config; otherwise $KUBECONFIG or ~/.kube/config. */
  private ApiClient apiClient() throws IOException {
    ApiClient c;
    if (kubeconfig.filter(k -> !k.isBlank()).isPresent()) {
      Path p = Path.of(kubeconfig.get().trim());
      if (!Files.isReadable(p)) {
        throw new IOException("kubeconfig " + p + " is not there (yet)");
      }
      try (Reader r = Files.newBufferedReader(p)) {
        c = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
      }
    } else if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      c = ClientBuilder.cluster().build();
    } else {
      c = ClientBuilder.standard().build();
    }
    // watches stay open for minutes: no read timeout on the shared HTTP client
    c.setHttpClient(c.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
    return c;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "ipam-" + ProcessHandle.current().pid();
    }
  }

  /** The controller, once the API could be reached. */
  public Optional<IpamController> controller() {
    return Optional.ofNullable(controller);
  }

  /** Why there is no controller yet (empty once started). */
  public String notStartedBecause() {
    return notStartedBecause;
  }

  @PreDestroy
  void stop() {
    starter.shutdownNow();
    if (dns != null) {
      dns.close();
    }
    IpamController c = controller;
    if (c != null) {
      c.close();
    }
  }
}
