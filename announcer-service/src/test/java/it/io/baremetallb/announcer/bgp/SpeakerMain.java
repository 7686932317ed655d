package it.io.baremetallb.announcer.bgp;

import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.plan.AdvertisementPlanner;
import io.baremetallb.announcer.bgp.plan.BgpPlan;
import io.baremetallb.announcer.bgp.plan.ServiceIps;
import io.baremetallb.announcer.bgp.speaker.BgpMetrics;
import io.baremetallb.announcer.bgp.speaker.BgpSpeaker;
import io.baremetallb.announcer.bgp.speaker.LocalNode;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.ServiceKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The whole BGP side of one announcer (planner + {@link BgpSpeaker}) as a child process in a node
 * namespace. Arguments: node name, IPv4, IPv6, path of a metallb.io YAML config. Commands on stdin:
 * {@code secret NS/NAME VALUE}, {@code svc NAME IP[,IP…]} (a Cluster Service in default),
 * {@code del NAME}, {@code stop}; each is applied by a new plan and answered {@code OK …} with the
 * speaker's problems. Prints {@code UP peer} and {@code DOWN peer reason} as sessions change.
 */
public final class SpeakerMain {
  private SpeakerMain() {
  }

  public static void main(String[] args) throws Exception {
    String node = args[0];
    LocalNode local = new LocalNode(node, (Inet4Address) InetAddress.getByName(args[1]),
        Optional.of((Inet6Address) InetAddress.getByName(args[2])));
    ConfigResult parsed = CrdConfigParser.parse(Files.readString(Path.of(args[3])));
    if (!(parsed instanceof ConfigResult.Valid valid)) {
      say("CONFIG " + parsed);
      return;
    }
    Config config = valid.config();
    BgpSpeaker speaker = new BgpSpeaker(local, InstantSource.system(), Duration.ofMillis(200), new BgpMetrics(),
        new BgpSpeaker.SessionObserver() {
          @Override
          public void up(String peer) {
            say("UP " + peer);
          }

          @Override
          public void down(String peer, DownReason reason) {
            say("DOWN " + peer + " " + reason);
          }
        });
    Map<String, NodeView> nodes = Map.of(node, NodeView.healthy(node));
    Map<String, ServiceIps> services = new TreeMap<>();
    Map<String, String> secrets = new TreeMap<>();
    AdvertisementPlanner planner = new AdvertisementPlanner();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      String[] w = line.trim().split("\\s+");
      switch (w[0]) {
        case "secret" -> secrets.put(w[1], w[2]);
        case "svc" -> services.put(w[1], new ServiceIps(new ServiceKey("default", w[1]),
            Stream.of(w[2].split(",")).map(IpAddress::parse).toList(), Optional.empty()));
        case "del" -> services.remove(w[1]);
        default -> {
        }
      }
      BgpPlan plan = planner.plan(config, services.values(), nodes, node);
      say("OK " + line + " problems=" + speaker.update(config, plan, secrets));
    }
    speaker.close();
    say("STOPPED");
  }

  private static synchronized void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
