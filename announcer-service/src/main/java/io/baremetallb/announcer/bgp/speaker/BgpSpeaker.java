package io.baremetallb.announcer.bgp.speaker;

import io.baremetallb.announcer.bgp.bfd.BfdSessionConfig;
import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionState;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.config.BfdProfile;
import io.baremetallb.config.BgpPeer;
import io.baremetallb.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This node's BGP speaker: one {@link PeerDriver} per BGPPeer that selects the node, kept in step
 * with the configuration and the {@link BgpPlan}. {@link #update} only starts, stops or rebuilds the
 * sessions whose peer appeared, left or changed its settings; every other session just gets its
 * new routes, which its Adj-RIB-Out turns into the UPDATEs that differ. A Service change therefore
 * never resets a session.
 */
public final class BgpSpeaker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());
  /** How long a rebuilt peer's old session may take to stop (graceful shutdown wait plus this). */
  private static final Duration STOP_SLACK = Duration.ofSeconds(5);

  /** Session transitions by peer name, for status and for tests that count resets. */
  public interface SessionObserver {
    void up(String peer);

    void down(String peer, DownReason reason);

    SessionObserver NONE = new SessionObserver() {
      @Override
      public void up(String peer) {
      }

      @Override
      public void down(String peer, DownReason reason) {
      }
    };
  }

  private record Running(PeerConfig config, String label, PeerDriver driver) {
  }

  private final LocalNode node;
  private final InstantSource clock;
  private final Duration gracefulShutdownWait;
  private final BgpMetrics metrics;
  private final SessionObserver observer;
  private final BfdTie bfd;
  private final Map<String, Running> running = new TreeMap<>();
  /** The BFD settings each peer's session was last watched with. */
  private final Map<String, BfdSessionConfig> watched = new TreeMap<>();
  private List<PeerSettings.Problem> problems = List.of();

  /**
   * @param gracefulShutdownWait how long routes carry GRACEFUL_SHUTDOWN (RFC 8326) before they are
   *     withdrawn when a session stops
   */
  public BgpSpeaker(LocalNode node, InstantSource clock, Duration gracefulShutdownWait, BgpMetrics metrics,
      SessionObserver observer) {
    this(node, clock, gracefulShutdownWait, metrics, observer, BfdTie.NONE);
  }

  /** @param bfd runs BFD for the peers with a {@code bfdProfile} and lets its loss take BGP down */
  public BgpSpeaker(LocalNode node, InstantSource clock, Duration gracefulShutdownWait, BgpMetrics metrics,
      SessionObserver observer, BfdTie bfd) {
    this.node = node;
    this.clock = clock;
    this.gracefulShutdownWait = gracefulShutdownWait;
    this.metrics = metrics;
    this.observer = observer;
    this.bfd = bfd;
  }

  /**
   * Brings the sessions in line with {@code plan} (made from {@code config} for this node).
   *
   * @param passwords the {@code password} of each Secret named by a {@code passwordSecret}, by
   *     {@code namespace/name}
   * @return the peers that could not be set up, each with why (their old session, if any, is kept)
   */
  public synchronized List<PeerSettings.Problem> update(Config config, BgpPlan plan, Map<String, String> passwords) {
    List<PeerSettings.Problem> found = new ArrayList<>();
    for (String name : new ArrayList<>(running.keySet())) {
      if (!plan.routes().containsKey(name)) {
        LOG.log(Level.INFO, "event=bgpPeerRemoved peer={0}", name);
        stop(name); // stops in the background: withdraw after the graceful-shutdown wait, then Cease
      }
    }
    plan.routes().forEach((name, routes) -> {
      Optional<BgpPeer> peer = config.peer(name);
      if (peer.isEmpty()) {
        found.add(new PeerSettings.Problem(name, "BGPPeer " + name + " is in the plan but not in the configuration"));
        return;
      }
      PeerSettings.Result settings = PeerSettings.of(peer.get(), node, passwords, gracefulShutdownWait);
      if (settings instanceof PeerSettings.Problem p) {
        LOG.log(Level.WARNING, "event=bgpPeerRejected peer={0} problem={1}", name, p.message());
        found.add(p);
        Running kept = running.get(name);
        if (kept != null) {
          kept.driver().advertise(routes); // the last good session keeps following the Services
        }
      } else if (settings instanceof PeerSettings.Ok ok) {
        Running r = running.get(name);
        boolean fresh = r == null || !r.config().equals(ok.config());
        if (fresh) {
          if (r != null) {
            LOG.log(Level.INFO, "event=bgpPeerChanged peer={0}", name);
            awaitStop(stop(name), name);
          }
          r = start(name, PeerSettings.label(peer.get()), ok.config(), found);
        }
        if (r != null) {
          tieBfd(name, r, config.bfdProfile(peer.get().bfdProfile().orElse("")), fresh)
              .ifPresent(problem -> found.add(new PeerSettings.Problem(name, problem)));
          r.driver().advertise(routes);
        }
      }
    });
    problems = List.copyOf(found);
    return problems;
  }

  /** The problems of the last {@link #update}. */
  public synchronized List<PeerSettings.Problem> problems() {
    return problems;
  }

  /** Each running peer's session state, by peer name. */
  public synchronized Map<String, SessionState> sessions() {
    Map<String, SessionState> out = new TreeMap<>();
    running.forEach((name, r) -> out.put(name, r.driver().state()));
    return out;
  }

  public BgpMetrics metrics() {
    return metrics;
  }

  /** Stops every session gracefully (RFC 8326 then Cease) and waits for them. */
  @Override
  public synchronized void close() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (String name : new ArrayList<>(running.keySet())) {
      stopping.add(stop(name));
    }
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).orTimeout(
        gracefulShutdownWait.plus(STOP_SLACK).toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
  }

  private Running start(String name, String label, PeerConfig config, List<PeerSettings.Problem> found) {
    PeerDriver.Listener listener = new PeerDriver.Listener() {
      @Override
      public void sessionUp(Negotiated session) {
        metrics.sessionUp(label);
        observer.up(name);
      }

      @Override
      public void sessionDown(DownReason reason) {
        metrics.sessionDown(label);
        observer.down(name, reason);
      }

      @Override
      public void routesSent(int updates, int announcedPrefixes) {
        metrics.sent(label, updates, announcedPrefixes);
      }
    };
    try {
      PeerDriver driver = new PeerDriver(config, clock, listener);
      driver.start();
      Running r = new Running(config, label, driver);
      running.put(name, r);
      metrics.register(label);
      return r;
    } catch (IOException e) {
      // e.g. the passive port is taken: this peer only, reported like a configuration problem
      LOG.log(Level.WARNING, "event=bgpPeerStartFailed peer={0} error={1}", name, e.getMessage());
      found.add(new PeerSettings.Problem(name, "BGPPeer " + name + ": cannot start the session: " + e.getMessage()));
      return null;
    }
  }

  /**
   * Watches the peer with BFD when its profile says so: again after a rebuild (new driver) or a
   * profile change. A profile we cannot run (echo mode, a multi-hop peer) is a problem for this
   * peer: its BGP session runs without BFD.
   */
  private Optional<String> tieBfd(String name, Running r, Optional<BfdProfile> profile, boolean freshDriver) {
    InetAddress address = r.config().peer().getAddress();
    Optional<String> problem = Optional.empty();
    BfdSessionConfig wanted = null;
    if (profile.isPresent() && r.config().ttl() == PeerConfig.MULTIHOP_TTL) {
      problem = Optional.of("BGPPeer " + name + ": bfdProfile " + profile.get().name()
          + " on an ebgpMultiHop peer; this speaker runs single-hop BFD only (RFC 5881), so the session runs without BFD");
    } else if (profile.isPresent()) {
      try {
        wanted = BfdSessionConfig.singleHop(profile.get());
      } catch (IllegalArgumentException e) {
        problem = Optional.of("BGPPeer " + name + ": " + e.getMessage());
      }
    }
    if (wanted == null) {
      if (watched.remove(name) != null) {
        bfd.unwatch(address);
      }
    } else if (freshDriver || !wanted.equals(watched.get(name))) {
      bfd.watch(address, wanted, r.driver());
      watched.put(name, wanted);
    }
    return problem;
  }

  private CompletableFuture<Void> stop(String name) {
    Running r = running.remove(name);
    if (watched.remove(name) != null) {
      bfd.unwatch(r.config().peer().getAddress());
    }
    metrics.remove(r.label());
    return r.driver().shutdown().whenComplete((v, e) -> r.driver().close());
  }

  private void awaitStop(CompletableFuture<Void> stopping, String name) {
    try {
      stopping.get(gracefulShutdownWait.plus(STOP_SLACK).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(Level.WARNING, "event=bgpPeerStopSlow peer={0} error={1}", name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
