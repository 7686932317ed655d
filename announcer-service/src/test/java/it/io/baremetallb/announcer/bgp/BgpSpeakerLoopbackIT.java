package it.io.baremetallb.announcer.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.announcer.bgp.bfd.BfdSessionConfig;
import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.plan.AdvertisementPlanner;
import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.plan.ServiceIps;
import io.baremetallb.announcer.bgp.speaker.BfdTie;
import io.baremetallb.announcer.bgp.speaker.BgpMetrics;
import io.baremetallb.announcer.bgp.speaker.BgpSpeaker;
import io.baremetallb.announcer.bgp.speaker.LocalNode;
import io.baremetallb.announcer.bgp.speaker.Peers;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.BfdProfile;
import io.baremetallb.config.BgpAdvertisement;
import io.baremetallb.config.BgpPeer;
import io.baremetallb.config.Config;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.ServiceKey;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The speaker with two peers over loopback, each a passive {@link PeerDriver} playing the router.
 * Session transitions are counted on both ends: Service changes must leave them at one Up each;
 * adding, removing or changing one peer must not touch the other.
 */
class BgpSpeakerLoopbackIT {
  static final LocalNode NODE = new LocalNode("n1", v4("192.0.2.11"), Optional.empty());
  static final Map<String, NodeView> NODES = Map.of("n1", NodeView.healthy("n1"));
  static final AddressPool POOL = AddressPool.of("web", "203.0.113.0/24");

  final Map<String, AtomicInteger> speakerUps = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> speakerDowns = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> routerUps = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> routerDowns = new ConcurrentHashMap<>();
  final List<PeerDriver> routers = new ArrayList<>();
  final BgpMetrics metrics = new BgpMetrics();
  final AdvertisementPlanner planner = new AdvertisementPlanner();
  final BgpSpeaker.SessionObserver counting = new BgpSpeaker.SessionObserver() {
    @Override
    public void up(String peer) {
      count(speakerUps, peer);
    }

    @Override
    public void down(String peer, DownReason reason) {
      count(speakerDowns, peer);
    }
  };
  BgpSpeaker speaker;
  BgpPeer a;
  BgpPeer b;

  @BeforeEach
  void routersUp() throws IOException {
    a = Peers.ebgp("a", "127.0.0.1", freePort());
    b = Peers.ebgp("b", "127.0.0.1", freePort());
    router(a);
    router(b);
    speaker = new BgpSpeaker(NODE, InstantSource.system(), Duration.ZERO, metrics, counting);
  }

  @AfterEach
  void down() {
    if (speaker != null) {
      speaker.close();
    }
    routers.forEach(PeerDriver::close);
  }

  @Test
  void serviceChangesSendUpdatesButNeverResetASession() throws Exception {
    Config config = config(a, b);
    List<ServiceIps> services = new ArrayList<>();
    assertEquals(List.of(), speaker.update(config, plan(config, services), Map.of()));
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> routerUps(a) == 1 && routerUps(b) == 1
        && get(speakerUps, "a") == 1 && get(speakerUps, "b") == 1), this::counts);
    for (int i = 1; i <= 20; i++) {
      services.add(ServiceIps.cluster(new ServiceKey("default", "svc" + i), IpAddress.parse("203.0.113." + i)));
      if (i % 3 == 0) {
        services.remove(0);
      }
      speaker.update(config, plan(config, services), Map.of());
    }
    int expected = services.size();
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> announced(a) == expected && announced(b) == expected),
        () -> metrics.prometheusText());
    assertTrue(metrics.snapshot().get(label(a)).updatesTotal() >= 20, metrics::prometheusText);
    assertEquals("a=1/0 b=1/0 router a=1/0 b=1/0", counts(), "one session per peer for all 20 changes");
  }

  @Test
  void removingChangingAndAddingOnePeerLeavesTheOtherAlone() throws Exception {
    List<ServiceIps> services = List.of(ServiceIps.cluster(new ServiceKey("default", "web"), IpAddress.parse("203.0.113.7")));
    Config both = config(a, b);
    speaker.update(both, plan(both, services), Map.of());
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> routerUps(a) == 1 && routerUps(b) == 1
        && get(speakerUps, "a") == 1 && get(speakerUps, "b") == 1), this::counts);

    Config onlyA = config(a);
    speaker.update(onlyA, plan(onlyA, services), Map.of());
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> routerDowns(b) == 1), this::counts);
    assertEquals(Map.of(label(a), new BgpMetrics.PeerValues(1, 1, 1)), metrics.snapshot(), "b's metrics are gone");

    BgpPeer slowerA = io.baremetallb.announcer.bgp.speaker.Peers.withHoldTime(a, Duration.ofSeconds(6));
    Config changed = config(slowerA, b);
    speaker.update(changed, plan(changed, services), Map.of());
    // Both ends report Established on their own threads: wait for both, then the counts must be exact.
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> routerUps(a) == 2 && routerUps(b) == 2
        && get(speakerUps, "a") == 2 && get(speakerUps, "b") == 2), this::counts);
    assertEquals("a=2/1 b=2/1 router a=2/1 b=2/1", counts(), "a rebuilt once for its new hold time, b back once");
  }

  @Test
  void aPeerWhoseNewSettingsCannotBeUsedKeepsItsSessionAndItsRoutesFollowTheServices() throws Exception {
    List<ServiceIps> services = new ArrayList<>(List.of(
        ServiceIps.cluster(new ServiceKey("default", "web"), IpAddress.parse("203.0.113.7"))));
    Config both = config(a, b);
    speaker.update(both, plan(both, services), Map.of());
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> routerUps(a) == 1 && routerUps(b) == 1
        && get(speakerUps, "a") == 1 && get(speakerUps, "b") == 1), this::counts);

    BgpPeer aWithMissingSecret = io.baremetallb.announcer.bgp.speaker.Peers.with(a, 64512, false, "",
        Optional.of(new BgpPeer.SecretRef("gone", "metallb-system")), Optional.empty());
    Config broken = config(aWithMissingSecret, b);
    services.add(ServiceIps.cluster(new ServiceKey("default", "api"), IpAddress.parse("203.0.113.8")));
    List<io.baremetallb.announcer.bgp.speaker.PeerSettings.Problem> problems =
        speaker.update(broken, plan(broken, services), Map.of());
    assertEquals(List.of("a"), problems.stream().map(io.baremetallb.announcer.bgp.speaker.PeerSettings.Problem::peer).toList());
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> announced(a) == 2 && announced(b) == 2), metrics::prometheusText);
    assertEquals("a=1/0 b=1/0 router a=1/0 b=1/0", counts(), "the last good session of a is kept");
  }

  /** BFD as the speaker drives it, recorded: which peer is watched with which settings and driver. */
  static final class RecordingBfd implements BfdTie {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<InetAddress, PeerDriver> drivers = new ConcurrentHashMap<>();

    @Override
    public void watch(InetAddress peer, BfdSessionConfig config, PeerDriver driver) {
      calls.add("watch tx=" + config.desiredMinTx() + " mult=" + config.detectMult());
      drivers.put(peer, driver);
    }

    @Override
    public void unwatch(InetAddress peer) {
      calls.add("unwatch");
      drivers.remove(peer);
    }
  }

  @Test
  void aPeerWithABfdProfileIsWatchedAndBfdDownTakesItsSessionDown() throws Exception {
    speaker.close();
    RecordingBfd bfd = new RecordingBfd();
    speaker = new BgpSpeaker(NODE, InstantSource.system(), Duration.ZERO, metrics, counting, bfd);
    BgpPeer fastA = io.baremetallb.announcer.bgp.speaker.Peers.withBfd(a, "fast");
    List<ServiceIps> services = new ArrayList<>(List.of(
        ServiceIps.cluster(new ServiceKey("default", "web"), IpAddress.parse("203.0.113.7"))));
    Config withFast = config(List.of(new BfdProfile("fast", 100, 100, 3, 50, false, false, 254)), fastA, b);
    speaker.update(withFast, plan(withFast, services), Map.of());
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> get(speakerUps, "a") == 1 && get(speakerUps, "b") == 1),
        this::counts);
    assertEquals(List.of("watch tx=100000 mult=3"), bfd.calls, "only a has a profile");

    services.add(ServiceIps.cluster(new ServiceKey("default", "api"), IpAddress.parse("203.0.113.8")));
    speaker.update(withFast, plan(withFast, services), Map.of());
    Config slower = config(List.of(new BfdProfile("fast", 300, 300, 5, 50, false, false, 254)), fastA, b);
    speaker.update(slower, plan(slower, services), Map.of());
    assertEquals(List.of("watch tx=100000 mult=3", "watch tx=300000 mult=5"), bfd.calls,
        "a Service change leaves BFD alone; a profile change retunes it");

    bfd.drivers.get(InetAddress.getLoopbackAddress()).bfdDown(); // what BfdBgpLink does when BFD loses the peer
    assertTrue(Netns.await(Duration.ofSeconds(5), () -> get(speakerDowns, "a") == 1), this::counts);
    assertEquals(0, get(speakerDowns, "b"), "b has no BFD and stays up");

    Config noBfd = config(a, b);
    speaker.update(noBfd, plan(noBfd, services), Map.of());
    assertEquals("unwatch", bfd.calls.get(bfd.calls.size() - 1));
  }

  @Test
  void aBfdProfileWithEchoModeIsAProblemAndTheSessionRunsWithoutBfd() throws Exception {
    speaker.close();
    RecordingBfd bfd = new RecordingBfd();
    speaker = new BgpSpeaker(NODE, InstantSource.system(), Duration.ZERO, metrics, BgpSpeaker.SessionObserver.NONE, bfd);
    BgpPeer echoA = io.baremetallb.announcer.bgp.speaker.Peers.withBfd(a, "echo");
    Config echo = config(List.of(new BfdProfile("echo", 100, 100, 3, 50, true, false, 254)), echoA);
    List<io.baremetallb.announcer.bgp.speaker.PeerSettings.Problem> problems = speaker.update(echo, plan(echo, List.of()),
        Map.of());
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().startsWith("BGPPeer a: BFDProfile echo: echoMode is true"), problems.toString());
    assertEquals(List.of(), bfd.calls);
    assertTrue(Netns.await(Duration.ofSeconds(15), () -> routerUps(a) == 1), this::counts);
  }

  static Config config(List<BfdProfile> profiles, BgpPeer... peers) {
    BgpAdvertisement ad = new BgpAdvertisement("all", 32, 128, 0, List.of(), List.of(), List.of(), List.of(), List.of());
    return new Config(List.of(POOL), Map.of(), List.of(), List.of(ad), List.of(peers), profiles, List.of());
  }

  BgpPlan plan(Config config, List<ServiceIps> services) {
    return planner.plan(config, services, NODES, "n1");
  }

  static Config config(BgpPeer... peers) {
    BgpAdvertisement ad = new BgpAdvertisement("all", 32, 128, 0, List.of(), List.of(), List.of(), List.of(), List.of());
    return new Config(List.of(POOL), Map.of(), List.of(), List.of(ad), List.of(peers), List.of(), List.of());
  }

  /** A passive driver on the peer's port playing the router (AS 64512, 192.0.2.1). */
  void router(BgpPeer peer) throws IOException {
    SessionConfig session = SessionConfig.of(64512, 64513, v4("192.0.2.1"), 3).withPassive(true);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    PeerConfig config = new PeerConfig(session, new InetSocketAddress(loopback, peer.peerPort()), Optional.of(loopback),
        Optional.empty(), Duration.ZERO);
    PeerDriver router = new PeerDriver(config, InstantSource.system(), new PeerDriver.Listener() {
      @Override
      public void sessionUp(Negotiated s) {
        count(routerUps, peer.name());
      }

      @Override
      public void sessionDown(DownReason reason) {
        count(routerDowns, peer.name());
      }
    });
    router.start();
    routers.add(router);
  }

  int routerUps(BgpPeer p) {
    return routerUps.getOrDefault(p.name(), new AtomicInteger()).get();
  }

  int routerDowns(BgpPeer p) {
    return routerDowns.getOrDefault(p.name(), new AtomicInteger()).get();
  }

  long announced(BgpPeer p) {
    BgpMetrics.PeerValues v = metrics.snapshot().get(label(p));
    return v == null ? -1 : v.announcedPrefixes();
  }

  static String label(BgpPeer p) {
    return io.baremetallb.announcer.bgp.speaker.PeerSettings.label(p);
  }

  String counts() {
    return "a=" + get(speakerUps, "a") + "/" + get(speakerDowns, "a") + " b=" + get(speakerUps, "b") + "/"
        + get(speakerDowns, "b") + " router a=" + get(routerUps, "a") + "/" + get(routerDowns, "a") + " b="
        + get(routerUps, "b") + "/" + get(routerDowns, "b");
  }

  static int get(Map<String, AtomicInteger> m, String k) {
    return m.getOrDefault(k, new AtomicInteger()).get();
  }

  static void count(Map<String, AtomicInteger> m, String k) {
    m.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Inet4Address v4(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
