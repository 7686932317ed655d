package io.baremetallb.announcer.app;

import io.baremetallb.announcer.bgp.bfd.BfdBgpLink;
import io.baremetallb.announcer.bgp.bfd.BfdSessionStatus;
import io.baremetallb.announcer.bgp.bfd.BfdSessions;
import io.baremetallb.announcer.bgp.bfd.SessionTable;
import io.baremetallb.announcer.bgp.fsm.SessionState;
import io.baremetallb.announcer.bgp.plan.AdvertisementPlanner;
import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.speaker.BfdTie;
import io.baremetallb.announcer.bgp.speaker.BgpMetrics;
import io.baremetallb.announcer.bgp.speaker.BgpSpeaker;
import io.baremetallb.announcer.bgp.speaker.LocalNode;
import io.baremetallb.announcer.bgp.speaker.PeerSettings;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.announcer.k8s.AnnouncerController;
import io.baremetallb.announcer.k8s.BgpEvents;
import io.baremetallb.announcer.k8s.BgpInputs;
import io.baremetallb.announcer.k8s.BgpStatusWriter;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The BGP side of one node's announcer, driven by the controller's {@link AnnouncerController.ClusterView}:
 * the advertisement planner decides what this node sends to which peer, the {@link BgpSpeaker} keeps
 * one session per selected BGPPeer and sends exactly the changes, and this node's ServiceBGPStatus
 * objects and (on the reporting node) the {@code BGPNotAdvertised} events follow the plan. Runs on
 * the controller's thread; the speaker starts with the first configuration that has peers.
 */
final class BgpRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BgpRuntime.class.getName());
  private final AnnouncerSettings settings;
  private final AnnouncerController controller;
  private final BgpStatusWriter statuses;
  private final BgpEvents events = new BgpEvents();
  private final AdvertisementPlanner planner = new AdvertisementPlanner();
  private final BgpMetrics metrics = new BgpMetrics();
  private volatile BgpSpeaker speaker;
  private volatile List<PeerSettings.Problem> problems = List.of();
  private volatile String notRunning = "no BGPPeer selects this node";
  private volatile BfdSessions bfd;
  private volatile String bfdProblem = "";

  BgpRuntime(AnnouncerSettings settings, ApiClient client, AnnouncerController controller) {
    this.settings = settings;
    this.controller = controller;
    this.statuses = new BgpStatusWriter(client, settings.controller().namespace(), settings.nodeName());
  }

  void onView(AnnouncerController.ClusterView v) {
    if (v.config().peers().isEmpty() && speaker == null) {
      return; // nothing to speak to: no sockets, no threads
    }
    if (speaker == null && !start()) {
      return;
    }
    Map<String, NodeView> nodes = BgpInputs.nodes(v.nodes(), settings.controller().ignoreExcludeLabel());
    BgpPlan plan = planner.plan(v.config(), BgpInputs.services(controller.builder(), v.services(), v.slices()),
        nodes, settings.nodeName());
    List<PeerSettings.Problem> now = speaker.update(v.config(), plan,
        BgpInputs.passwords(v.config(), v.secrets(), settings.controller().namespace()));
    if (!now.equals(problems)) {
      now.forEach(p -> LOG.warning("event=bgpPeerProblem peer=" + p.peer() + " problem=\"" + p.message() + "\""));
    }
    problems = now;
    try {
      statuses.sync(plan.peersByService());
    } catch (ApiException e) {
      LOG.warning("event=bgpStatusSyncFailed code=" + e.getCode() + " (retried at the next change)");
    }
    controller.write(events.next(plan, BgpInputs.byKey(v.services()),
        BgpEvents.isReporter(settings.nodeName(), nodes.keySet())));
  }

  private boolean start() {
    if (!(settings.bindAddress() instanceof Inet4Address v4)) {
      notRunning = "BGP needs an IPv4 node address for its identifier; BMLB_HOST_IP is "
          + settings.bindAddress().getHostAddress();
      return false;
    }
    speaker = new BgpSpeaker(new LocalNode(settings.nodeName(), v4, Optional.empty()), InstantSource.system(),
        Duration.ofSeconds(2), metrics, BgpSpeaker.SessionObserver.NONE, bfdTie());
    notRunning = "";
    LOG.info(() -> "event=bgpStarted node=" + settings.nodeName() + " id=" + v4.getHostAddress());
    return true;
  }

  /**
   * BFD for the peers with a bfdProfile (UDP 3784, TTL 255): its loss takes that BGP session down at
   * once. If the sockets cannot be opened (the port is taken), BGP runs without BFD and says why.
   */
  private BfdTie bfdTie() {
    BfdBgpLink link = new BfdBgpLink(new SessionTable.Listener() {
      @Override
      public void sessionUp(BfdSessionStatus status) {
        LOG.info(() -> "event=bfdUp peer=" + status.peer().getHostAddress());
      }

      @Override
      public void sessionDown(BfdSessionStatus status) {
        LOG.warning("event=bfdDown peer=" + status.peer().getHostAddress() + " diag=" + status.localDiag());
      }
    });
    try {
      bfd = new BfdSessions(InstantSource.system(), new SplittableRandom(), BfdSessions.CONTROL_PORT, link);
      return BfdTie.of(bfd, link);
    } catch (IOException e) {
      bfdProblem = "BFD sockets on UDP " + BfdSessions.CONTROL_PORT + " could not be opened: " + e.getMessage()
          + " (peers with a bfdProfile run without BFD)";
      LOG.warning("event=bfdUnavailable reason=\"" + bfdProblem + "\"");
      return BfdTie.NONE;
    }
  }

  /** BFD sessions by peer, when BFD runs. */
  List<BfdSessionStatus> bfdSessions() {
    BfdSessions b = bfd;
    return b == null ? List.of() : b.status();
  }

  String bfdProblem() {
    return bfdProblem;
  }

  BgpMetrics metrics() {
    return metrics;
  }

  /** Session state by peer; empty while no BGPPeer selects this node. */
  Map<String, SessionState> sessions() {
    BgpSpeaker s = speaker;
    return s == null ? Map.of() : s.sessions();
  }

  /** Peers that could not be set up, with why. */
  List<PeerSettings.Problem> problems() {
    return problems;
  }

  String notRunning() {
    return notRunning;
  }

  @Override
  public void close() {
    BgpSpeaker s = speaker;
    if (s != null) {
      s.close(); // graceful shutdown community, withdraw, then Cease
    }
    BfdSessions b = bfd;
    if (b != null) {
      b.close();
    }
  }
}
