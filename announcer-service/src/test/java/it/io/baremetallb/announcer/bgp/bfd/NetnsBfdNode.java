package it.io.baremetallb.announcer.bgp.bfd;

import io.baremetallb.announcer.bgp.bfd.BfdBgpLink;
import io.baremetallb.announcer.bgp.bfd.BfdSessionConfig;
import io.baremetallb.announcer.bgp.bfd.BfdSessionStatus;
import io.baremetallb.announcer.bgp.bfd.BfdSessions;
import io.baremetallb.announcer.bgp.bfd.SessionTable;
import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Prefix;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Our BFD (and optionally our BGP speaker) as a child JVM in a node namespace, for the netns ITs
 * and {@code bench/run bfd}. Arguments: {@code PEER[,PEER…] TX_MS RX_MS MULT [LOCAL_AS PEER_AS SOURCE]}:
 * one BFD session per peer; with the BGP three, a BGP session to the first peer is tied to its BFD session. Prints {@code READY},
 * {@code BFD UP µs}, {@code BFD DOWN DIAG µs}, {@code BGP UP}, {@code BGP DOWN REASON µs}
 * (µs since the epoch, from the same clock as the router's logs) and {@code OK command}.
 * Commands on stdin: {@code advertise PREFIX}, {@code reconfigure TX_MS RX_MS MULT} (every session),
 * {@code status}, {@code close} (BFD AdminDown to the peers, sockets closed), {@code exit}.
 */
public final class NetnsBfdNode {
  private NetnsBfdNode() {
  }

  public static void main(String[] args) throws Exception {
    List<InetAddress> peers = new ArrayList<>();
    for (String p : args[0].split(",")) {
      peers.add(InetAddress.getByName(p));
    }
    InetAddress peer = peers.get(0);
    BfdSessionConfig config = config(args[1], args[2], args[3]);
    BfdBgpLink link = new BfdBgpLink(new SessionTable.Listener() {
      @Override
      public void sessionUp(BfdSessionStatus s) {
        say("BFD UP " + micros() + " " + s.peer().getHostAddress());
      }

      @Override
      public void sessionDown(BfdSessionStatus s) {
        say("BFD DOWN " + s.localDiag() + " " + micros() + " " + s.peer().getHostAddress());
      }
    });
    PeerDriver bgp = args.length > 4 ? bgp(args, peer) : null;
    BfdSessions bfd = new BfdSessions(InstantSource.system(), new SplittableRandom(), BfdSessions.CONTROL_PORT, link);
    if (bgp != null) {
      link.attach(peer, BfdBgpLink.BgpSession.of(bgp));
      bgp.start();
    }
    for (InetAddress p : peers) {
      bfd.add(p, config);
    }
    say("READY");
    Map<Prefix, RouteAttributes> routes = new TreeMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("advertise") && bgp != null) {
        routes.put(Prefix.parse(words[1]), RouteAttributes.PLAIN);
        bgp.advertise(routes);
      } else if (words[0].equals("reconfigure")) {
        for (InetAddress p : peers) {
          bfd.reconfigure(p, config(words[1], words[2], words[3]));
        }
      } else if (words[0].equals("close")) {
        bfd.close();
      } else if (words[0].equals("status")) {
        say("STATUS " + bfd.status() + " drops=" + bfd.drops());
      } else if (words[0].equals("exit")) {
        break;
      }
      say("OK " + line.trim());
    }
    if (bgp != null) {
      bgp.shutdown().get(10, TimeUnit.SECONDS);
    }
    bfd.close();
    say("STOPPED");
  }

  private static BfdSessionConfig config(String txMs, String rxMs, String mult) {
    return new BfdSessionConfig(Long.parseLong(txMs) * 1000, Long.parseLong(rxMs) * 1000, Integer.parseInt(mult),
        false, BfdSessionConfig.SINGLE_HOP_TTL);
  }

  private static PeerDriver bgp(String[] args, InetAddress peer) throws java.io.IOException {
    InetAddress source = InetAddress.getByName(args[6]);
    SessionConfig session = SessionConfig.of(Long.parseLong(args[4]), Long.parseLong(args[5]), (Inet4Address) source, 3);
    PeerConfig pc = new PeerConfig(session, new InetSocketAddress(peer, PeerConfig.BGP_PORT), Optional.of(source),
        Optional.empty(), Duration.ZERO);
    return new PeerDriver(pc, InstantSource.system(), new PeerDriver.Listener() {
      @Override
      public void sessionUp(Negotiated s) {
        say("BGP UP");
      }

      @Override
      public void sessionDown(DownReason reason) {
        say("BGP DOWN " + reason + " " + micros());
      }
    });
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static synchronized void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
