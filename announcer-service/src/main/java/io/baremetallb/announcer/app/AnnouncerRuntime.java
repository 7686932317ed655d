package io.baremetallb.announcer.app;

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
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Creates this node's {@link AnnouncerNode} when the application starts and closes it when it
 * stops. Bad settings are reported once, whole, and keep the announcer unready (a restart with
 * fixed settings is the cure); an unreachable Kubernetes API is retried every second.
 */
@ApplicationScoped
public class AnnouncerRuntime {
  private static final Logger LOG = Logger.getLogger(AnnouncerRuntime.class.getName());

  @Inject
  Config config;

  private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "announcer-start");
    t.setDaemon(true);
    return t;
  });
  private volatile AnnouncerNode node;
  private volatile String notStartedBecause = "starting";
  private volatile boolean stopped;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    starter.execute(this::tryStart);
  }

  private void tryStart() {
    AnnouncerSettings settings;
    try {
      settings = AnnouncerSettings.from(key -> config.getOptionalValue(key, String.class));
    } catch (IllegalArgumentException e) {
      notStartedBecause = e.getMessage();
      LOG.severe("event=announcerNotStarted reason=\"" + e.getMessage() + "\"");
      return;
    }
    try {
      ApiClient client = apiClient(settings.kubeconfig());
      synchronized (this) {
        if (stopped) {
          return;
        }
        AnnouncerNode n = new AnnouncerNode(settings, client);
        n.start();
        node = n;
      }
      notStartedBecause = "";
    } catch (IOException | RuntimeException e) {
      notStartedBecause = "cannot reach the Kubernetes API: " + e.getMessage();
      LOG.warning("event=announcerStartDeferred reason=\"" + notStartedBecause + "\" retryIn=1s");
      starter.schedule(this::tryStart, 1, TimeUnit.SECONDS);
    }
  }

  /** {@code bmlb.kubeconfig} if set; in a pod the in-cluster config; otherwise $KUBECONFIG or ~/.kube/config. */
  static ApiClient apiClient(Optional<String> kubeconfig) throws IOException {
    ApiClient c;
    if (kubeconfig.isPresent()) {
      Path p = Path.of(kubeconfig.get());
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

  /** This node's announcer, once started. */
  public Optional<AnnouncerNode> node() {
    return Optional.ofNullable(node);
  }

  /** Why there is no announcer yet (empty once started). */
  public String notStartedBecause() {
    return notStartedBecause;
  }

  @PreDestroy
  void stop() {
    synchronized (this) {
      stopped = true;
    }
    starter.shutdownNow();
    AnnouncerNode n = node;
    if (n != null) {
      n.close();
    }
  }
}
