package io.baremetallb.bench.bgp;

import io.baremetallb.announcer.bgp.fsm.DownReason;
import io.baremetallb.announcer.bgp.fsm.Negotiated;
import io.baremetallb.announcer.bgp.fsm.SessionConfig;
import io.baremetallb.announcer.bgp.io.PeerConfig;
import io.baremetallb.announcer.bgp.io.PeerDriver;
import io.baremetallb.announcer.bgp.rib.RouteAttributes;
import io.baremetallb.announcer.bgp.wire.Prefix;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Our speaker for {@link BgpBench}, run in the node's namespace as a child JVM: one
 * {@link PeerDriver} (the announcer's session code) towards the router. Commands on stdin:
 * {@code push BASE COUNT} advertises COUNT IPv6 /128s counting up from BASE (0 withdraws them all),
 * {@code rss} prints the resident set, {@code stop} ends gracefully. Prints {@code ESTABLISHED_MS n},
 * {@code DOWN reason}, {@code PUSHED}, {@code RSS_KIB n}, {@code STOPPED}.
 *
 * <p>Arguments: localAs peerAs routerId peerAddress sourceAddress nextHopV6.
 */
public final class BenchSpeaker {
  private BenchSpeaker() {
  }

  public static void main(String[] args) throws Exception {
    SessionConfig session = SessionConfig.of(Long.parseLong(args[0]), Long.parseLong(args[1]),
        (Inet4Address) InetAddress.getByName(args[2]), 3);
    PeerConfig peer = new PeerConfig(session, new InetSocketAddress(InetAddress.getByName(args[3]), PeerConfig.BGP_PORT),
        Optional.of(InetAddress.getByName(args[4])), Optional.of(InetAddress.getByName(args[5])), Duration.ZERO);
    long started = System.nanoTime();
    PeerDriver driver = new PeerDriver(peer, InstantSource.system(), new PeerDriver.Listener() {
      @Override
      public void sessionUp(Negotiated s) {
        say("ESTABLISHED_MS " + (System.nanoTime() - started) / 1_000_000);
      }

      @Override
      public void sessionDown(DownReason reason) {
        say("DOWN " + reason);
      }
    });
    driver.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+");
      if (w[0].equals("push")) {
        driver.advertise(routes(w[1], Integer.parseInt(w[2])));
        say("PUSHED");
      } else if (w[0].equals("rss")) {
        say("RSS_KIB " + rssKib());
      } else if (w[0].equals("stop")) {
        break;
      }
    }
    driver.shutdown().get(30, TimeUnit.SECONDS);
    say("STOPPED");
  }

  /** COUNT IPv6 /128s counting up from BASE, all with the same attributes (so they pack together). */
  static Map<Prefix, RouteAttributes> routes(String base, int count) throws java.io.IOException {
    BigInteger first = new BigInteger(1, InetAddress.getByName(base).getAddress());
    Map<Prefix, RouteAttributes> out = new HashMap<>(count * 2);
    byte[] addr = new byte[16];
    for (int i = 0; i < count; i++) {
      byte[] raw = first.add(BigInteger.valueOf(i)).toByteArray();
      java.util.Arrays.fill(addr, (byte) 0);
      System.arraycopy(raw, Math.max(0, raw.length - 16), addr, Math.max(0, 16 - raw.length), Math.min(16, raw.length));
      out.put(new Prefix(InetAddress.getByAddress(addr), 128), RouteAttributes.PLAIN);
    }
    return out;
  }

  static long rssKib() throws java.io.IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static synchronized void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
