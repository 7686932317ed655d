package io.baremetallb.announcer.app;

import io.baremetallb.announcer.core.L2Plan;
import io.baremetallb.announcer.core.L2Planner;
import io.baremetallb.announcer.k8s.AnnouncerController;
import io.baremetallb.announcer.k8s.ServiceL2Statuses;
import io.baremetallb.announcer.l2.GratuitousAnnouncer;
import io.baremetallb.announcer.l2.Layer2Counters;
import io.baremetallb.announcer.l2.Layer2Speaker;
import io.baremetallb.announcer.l2.Scheduler;
import io.baremetallb.announcer.l2.io.InterfaceScanner;
import io.baremetallb.announcer.l2.io.PacketSocket;
import io.baremetallb.announcer.membership.MemberlistKey;
import io.baremetallb.announcer.membership.Membership;
import io.baremetallb.announcer.membership.MembershipConfig;
import io.baremetallb.announcer.membership.MembershipException;
import io.baremetallb.config.L2Advertisement;
import io.baremetallb.ip.IpAddress;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;

/**
 * One node's announcer, wired together: the Kubernetes side ({@link AnnouncerController}) feeds the
 * membership ({@link Membership}) the planner's inputs; the membership's agreement decides which IPs
 * this node answers for; the {@link Layer2Speaker} answers ARP/NDP for them on the allowed
 * interfaces; ownership changes become {@code nodeAssigned} events and {@code ServiceL2Status}
 * objects; the coordinator explains IPs nobody answers for with Warning events.
 *
 * <p>The membership starts with the first view of the cluster (it needs the Nodes' addresses to
 * find the others) and, if it cannot (a port in use, no key), is retried at every refresh while
 * readiness names the problem.
 */
public final class AnnouncerNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AnnouncerNode.class.getName());

  /** What readiness and the REST view report. */
  public record Status(boolean ready, boolean configLoaded, boolean joined, boolean socketsOpen, String reason,
      List<String> members, String coordinator, boolean quorum, SortedMap<String, Set<IpAddress>> announced,
      Map<String, String> interfaceFailures, SortedMap<IpAddress, String> unannounced, long epoch) {
  }

  private final AnnouncerSettings settings;
  private final ApiClient client;
  private final Layer2Counters counters = new Layer2Counters();
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "announcer-timer");
    t.setDaemon(true);
    return t;
  });
  private final Layer2Speaker speaker;
  private final AtomicLong ownershipChanges = new AtomicLong();
  private AnnouncerController controller;
  private ServiceL2Statuses statuses;
  private BgpRuntime bgp;
  private volatile Membership membership;
  private volatile String membershipProblem = "waiting for the first view of the cluster";
  private volatile AnnouncerController.Update last;
  private volatile Membership.ViewChange view;
  private volatile SortedSet<IpAddress> owned = new TreeSet<>();
  private volatile SortedMap<IpAddress, String> unannounced = new TreeMap<>();
  private boolean closed;

  public AnnouncerNode(AnnouncerSettings settings, ApiClient client) {
    this.settings = settings;
    this.client = client;
    this.speaker = new Layer2Speaker(PacketSocket::open, new InterfaceScanner()::scan, counters,
        Scheduler.of(timer), GratuitousAnnouncer.Schedule.DEFAULT, Thread::new);
  }

  /** Opens the sockets and starts the informers; returns at once. */
  public synchronized void start() {
    if (settings.layer2()) {
      speaker.refresh();
    }
    statuses = new ServiceL2Statuses(client, settings.controller().namespace(), settings.nodeName());
    controller = new AnnouncerController(client, settings.controller(), settings.nodeName(), this::onUpdate);
    if (settings.bgp()) {
      bgp = new BgpRuntime(settings, client, controller);
      controller.onClusterView(view -> bgp.onView(view));
    }
    controller.start();
    timer.scheduleWithFixedDelay(this::refresh, settings.refreshMs(), settings.refreshMs(), TimeUnit.MILLISECONDS);
    LOG.info(() -> "event=announcerStarted node=" + settings.nodeName() + " layer2=" + settings.layer2()
        + " memberlist=" + settings.bindAddress().getHostAddress() + ":" + settings.memberlistPort()
        + " detection=" + settings.detection());
  }

  private void refresh() {
    try {
      if (settings.layer2()) {
        speaker.refresh();
      }
      AnnouncerController.Update u = last;
      if (u != null && membership == null) {
        startMembership(u);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=refreshFailed", e);
    }
  }

  /** From the controller's thread: new demands, nodes and peers. */
  private void onUpdate(AnnouncerController.Update u) {
    last = u;
    speaker.setListedInterfaces(listedInterfaces(u));
    Membership m = membership;
    if (m == null) {
      startMembership(u);
    } else {
      AnnouncerController.feeding(m).accept(u);
    }
    applyOwned(owned);
    explainUnannounced();
  }

  private static Set<String> listedInterfaces(AnnouncerController.Update u) {
    Set<String> out = new TreeSet<>();
    for (List<L2Advertisement> ads : u.demands().advertisements().values()) {
      ads.forEach(a -> out.addAll(a.interfaces()));
    }
    return out;
  }

  private synchronized void startMembership(AnnouncerController.Update u) {
    if (closed || membership != null) {
      return;
    }
    Membership m = null;
    try {
      SecretKey key = MemberlistKey.derive(secretText());
      MembershipConfig cfg = new MembershipConfig(settings.nodeName(), settings.bindAddress(),
          settings.memberlistPort(), settings.failureDetectionPort(), settings.detection(), key,
          settings.requireQuorum(), Duration.ofMillis(Math.max(200, settings.detection().timeoutMs())));
      m = new Membership(cfg, InstantSource.system());
      m.onOwnershipChange(this::onOwned);
      speaker.setGate(m::mayAnswer);
      m.onViewChange(this::onView);
      AnnouncerController.feeding(m).accept(u);
      m.start(u.peers().stream().map(IpAddress::toInetAddress).toList());
      membership = m;
      membershipProblem = "";
      LOG.info(() -> "event=membershipStarted peers=" + u.peers());
    } catch (MembershipException | IllegalArgumentException e) {
      if (m != null) {
        m.close();
      }
      if (!e.getMessage().equals(membershipProblem)) {
        LOG.warning("event=membershipNotStarted reason=\"" + e.getMessage() + "\" (retried every "
            + settings.refreshMs() + " ms)");
      }
      membershipProblem = e.getMessage();
    }
  }

  /** BMLB_MEMBERLIST_SECRET_KEY, or key {@code secretkey} of the Secret read through the API. */
  private String secretText() {
    if (settings.secretKey().isPresent()) {
      return settings.secretKey().get();
    }
    String ns = settings.controller().namespace();
    try {
      V1Secret s = new CoreV1Api(client).readNamespacedSecret(settings.secretName(), ns).execute();
      byte[] v = s.getData() == null ? null : s.getData().get("secretkey");
      if (v == null) {
        throw new IllegalArgumentException("Secret " + ns + "/" + settings.secretName()
            + " has no key secretkey (create it as the document does: kubectl create secret generic -n " + ns
            + " memberlist --from-literal=secretkey=\"$(openssl rand -base64 128)\")");
      }
      return new String(v, StandardCharsets.UTF_8);
    } catch (ApiException e) {
      throw new IllegalArgumentException("cannot read Secret " + ns + "/" + settings.secretName()
          + " (HTTP " + e.getCode() + ") and BMLB_MEMBERLIST_SECRET_KEY is not set: the membership needs its key");
    }
  }

  private void onView(Membership.ViewChange v) {
    view = v;
    LOG.info(() -> "event=view members=" + v.members() + " quorum=" + v.quorum() + " merge=" + v.merge());
    explainUnannounced();
  }

  private void onOwned(SortedSet<IpAddress> now) {
    ownershipChanges.incrementAndGet();
    owned = new TreeSet<>(now);
    applyOwned(now);
    AnnouncerController c = controller;
    if (c != null) {
      c.ownedChanged(settings.nodeName(), now);
      c.withServices(ours -> statuses.sync(ServiceL2Statuses.wanted(ours, now, this::interfacesAnswering)));
    }
  }

  private void applyOwned(Set<IpAddress> ips) {
    if (!settings.layer2()) {
      return;
    }
    AnnouncerController.Update u = last;
    Map<IpAddress, Optional<Set<String>>> m = new HashMap<>();
    for (IpAddress ip : ips) {
      m.put(ip, u == null ? Optional.empty() : u.demands().interfacesOn(ip, settings.nodeName()));
    }
    speaker.setOwned(m);
  }

  private List<String> interfacesAnswering(IpAddress ip) {
    List<String> out = new ArrayList<>();
    speaker.announcedByInterface().forEach((iface, ips) -> {
      if (ips.contains(ip)) {
        out.add(iface);
      }
    });
    return out;
  }

  /** On the coordinator only: why the planner gives some IPs to nobody, as Warning events. */
  private void explainUnannounced() {
    Membership.ViewChange v = view;
    AnnouncerController.Update u = last;
    AnnouncerController c = controller;
    // a coordinator without quorum speaks for a minority (or is still starting): the majority explains
    if (v == null || u == null || c == null || !v.quorum() || v.members().isEmpty()
        || !v.members().get(0).equals(settings.nodeName())) {
      unannounced = new TreeMap<>(); // only the coordinator knows; it will say so again if it changes
      return;
    }
    L2Plan plan = L2Planner.plan(u.demands().demands(), u.demands().nodes(),
        new L2Planner.Membership(Set.copyOf(v.members()), u.knownAnnouncers(), settings.requireQuorum()), Map.of());
    SortedMap<IpAddress, String> now = plan.unannounced();
    if (!now.equals(unannounced)) {
      unannounced = now;
      c.unannouncedChanged(now);
    }
  }

  /** The counters behind the layer 2 metrics. */
  public Layer2Counters counters() {
    return counters;
  }

  /** How many times the set of IPs this node answers for changed. */
  public long ownershipChanges() {
    return ownershipChanges.get();
  }

  public int membershipSize() {
    Membership.ViewChange v = view;
    return v == null ? 0 : v.members().size();
  }

  public SortedSet<IpAddress> owned() {
    return owned;
  }

  public String nodeName() {
    return settings.nodeName();
  }

  /** Readiness and what lies behind it. */
  public Status status() {
    AnnouncerController c = controller;
    Membership m = membership;
    boolean config = c != null && c.ready();
    boolean joined = m != null && m.joined();
    boolean sockets = !settings.layer2() || speaker.ready();
    List<String> reasons = new ArrayList<>();
    if (!config) {
      reasons.add(c != null && c.synced() ? "no valid configuration loaded" : "informers not synced");
    }
    if (!joined) {
      reasons.add("membership: " + (membershipProblem.isEmpty() ? "not joined" : membershipProblem));
    }
    if (!sockets) {
      reasons.add("interfaces: " + speaker.failures());
    }
    Membership.ViewChange v = view;
    List<String> members = v == null ? List.of() : v.members();
    return new Status(config && joined && sockets, config, joined, sockets, String.join("; ", reasons), members,
        members.isEmpty() ? "" : members.get(0), v != null && v.quorum(), speaker.announcedByInterface(),
        speaker.failures(), unannounced, m == null ? 0 : m.plan().epoch());
  }

  /** The BGP side, when BMLB_BGP_ENABLED. */
  Optional<BgpRuntime> bgp() {
    return Optional.ofNullable(bgp);
  }

  /** The layer 2 speaker (interfaces, links). */
  public Layer2Speaker speaker() {
    return speaker;
  }

  @Override
  public synchronized void close() {
    closed = true;
    timer.shutdownNow();
    speaker.close(); // first stop answering, then leave: never two nodes answering at once
    if (membership != null) {
      membership.close(); // the others see us leave at once and re-plan
    }
    if (bgp != null) {
      bgp.close();
    }
    if (controller != null) {
      controller.close();
    }
  }
}
