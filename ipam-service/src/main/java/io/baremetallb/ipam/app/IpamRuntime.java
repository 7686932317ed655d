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

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    starter.execute(this::tryStart);
  }

  private void tryStart() {
    try {
      ApiClient client = apiClient();
      IpamController c = new IpamController(client, settings());
      c.allocationLatency().reportTo(IpamMetrics.allocationLatency(registry)::update);
      c.start();
      controller = c;
      startDns(c);
      notStartedBecause = "";
      LOG.info(() -> "event=ipamStarted api=" + client.getBasePath() + " namespace=" + namespace);
    } catch (IOException | RuntimeException e) {
      notStartedBecause = "cannot reach the Kubernetes API: " + e.getMessage();
      LOG.warning("event=ipamStartDeferred reason=\"" + notStartedBecause + "\" retryIn=1s");
      starter.schedule(this::tryStart, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * The DNS responder answers from the controller's Service cache. Its keys are the dns.* keys of
   * docs/dns.md under the bmlb. prefix (environment: BMLB_DNS_PORT, BMLB_DNS_ZONES, ...).
   */
  private void startDns(IpamController c) throws IOException {
    if (!dnsEnabled) {
      return;
    }
    io.baremetallb.ipam.dns.DnsConfig cfg = io.baremetallb.ipam.dns.DnsConfig.fromProperties(key -> {
      Optional<String> v = config.getOptionalValue("bmlb." + key, String.class);
      if (v.isEmpty() && key.equals(io.baremetallb.ipam.dns.DnsConfig.KEY_TTL)) {
        v = config.getOptionalValue("bmlb.dns.ttl.seconds", String.class);
      }
      return v;
    });
    io.baremetallb.ipam.dns.DnsServer server = new io.baremetallb.ipam.dns.DnsServer(cfg,
        new io.baremetallb.ipam.dns.InformerServiceDirectory(c.serviceIndexer()));
    try {
      server.start();
    } catch (IOException e) {
      notStartedBecause = "DNS responder: " + e.getMessage();
      LOG.warning("event=dnsStartFailed error=\"" + e.getMessage() + "\" (set BMLB_DNS_PORT to a free port)");
      return;
    }
    dns = server;
    LOG.info(() -> "event=dnsStarted port=" + server.port());
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
