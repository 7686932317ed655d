package it.io.baremetallb.announcer.bgp;

import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Community;
import io.baremetallb.announcer.bgp.wire.LargeCommunity;
import io.baremetallb.announcer.bgp.wire.Prefix;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Our speaker as a child process, started by BgpBirdNetnsIT with {@code ip netns exec} so that its
 * sockets live in the node's namespace. Commands on stdin, one per line:
 * {@code advertise PREFIX [community=A:B,...] [large=A:B:C,...]}, {@code bulk BASE COUNT} (IPv6 /128s),
 * {@code withdraw PREFIX}, {@code shutdown}. Prints {@code UP}, {@code ESTABLISHED_MS n} (start to
 * Established), {@code DOWN reason}, {@code OK command} and {@code STOPPED}.
 *
 * <p>Arguments: localAs peerAs routerId peerAddress sourceAddress nextHopV6 [md5Password ttl]
 * ({@code -} for no password, 0 for the system's TTL).
 */
public final class NetnsSpeaker {
  private NetnsSpeaker() {
  }

  public static void main(String[] args) throws Exception {
    SessionConfig session = SessionConfig.of(Long.parseLong(args[0]), Long.parseLong(args[1]),
        (Inet4Address) InetAddress.getByName(args[2]), 3);
    PeerConfig peer = new PeerConfig(session, new InetSocketAddress(InetAddress.getByName(args[3]), PeerConfig.BGP_PORT),
        Optional.of(InetAddress.getByName(args[4])), Optional.of(InetAddress.getByName(args[5])), Duration.ofMillis(500),
        args.length > 6 && !args[6].equals("-") ? args[6] : "", args.length > 7 ? Integer.parseInt(args[7]) : 0);
    long started = System.nanoTime();
    PeerDriver driver = new PeerDriver(peer, InstantSource.system(), new PeerDriver.Listener() {
      @Override
      public void sessionUp(Negotiated s) {
        say("UP");
        say("ESTABLISHED_MS " + (System.nanoTime() - started) / 1_000_000);
      }

      @Override
      public void sessionDown(DownReason reason) {
        say("DOWN " + reason);
      }
    });
    driver.start();
    Map<Prefix, RouteAttributes> routes = new TreeMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("advertise")) {
        routes.put(Prefix.parse(words[1]), attributes(words));
      } else if (words[0].equals("bulk")) {
        addBulk(routes, words[1], Integer.parseInt(words[2]));
      } else if (words[0].equals("withdraw")) {
        routes.remove(Prefix.parse(words[1]));
      } else if (words[0].equals("shutdown")) {
        break;
      }
      driver.advertise(routes);
      say("OK " + line);
    }
    driver.shutdown().get(30, TimeUnit.SECONDS);
    say("STOPPED");
  }

  /** COUNT IPv6 /128s counting up from BASE (an address like 2001:db8:1000::). */
  private static void addBulk(Map<Prefix, RouteAttributes> routes, String base, int count) throws java.io.IOException {
    java.math.BigInteger first = new java.math.BigInteger(1, InetAddress.getByName(base).getAddress());
    for (int i = 0; i < count; i++) {
      byte[] raw = first.add(java.math.BigInteger.valueOf(i)).toByteArray();
      byte[] addr = new byte[16];
      System.arraycopy(raw, Math.max(0, raw.length - 16), addr, Math.max(0, 16 - raw.length), Math.min(16, raw.length));
      routes.put(new Prefix(InetAddress.getByAddress(addr), 128), RouteAttributes.PLAIN);
    }
  }

  private static RouteAttributes attributes(String[] words) {
    List<Community> communities = new ArrayList<>();
    List<LargeCommunity> large = new ArrayList<>();
    for (int i = 2; i < words.length; i++) {
      String[] kv = words[i].split("=", 2);
      for (String v : kv[1].split(",")) {
        if (kv[0].equals("community")) {
          communities.add(Community.parse(v));
        } else {
          large.add(LargeCommunity.parse(v));
        }
      }
    }
    return RouteAttributes.PLAIN.withCommunities(communities).withLargeCommunities(large);
  }

  private static synchronized void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
