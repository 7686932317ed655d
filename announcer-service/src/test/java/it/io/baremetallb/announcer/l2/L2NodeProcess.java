package it.io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.GratuitousAnnouncer;
import io.baremetallb.announcer.l2.InterfaceAnnouncer;
import io.baremetallb.announcer.l2.InterfaceSelection;
import io.baremetallb.announcer.l2.Layer2Counters;
import io.baremetallb.announcer.l2.Scheduler;
import io.baremetallb.announcer.l2.io.InterfaceInfo;
import io.baremetallb.announcer.l2.io.InterfaceScanner;
import io.baremetallb.announcer.l2.io.NativeIoException;
import io.baremetallb.announcer.l2.io.PacketSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The announcer side of {@link L2NetnsIT}, run as a child JVM inside the node's namespace with
 * {@code ip netns exec} (as the real announcer runs with hostNetwork). Reads commands from
 * stdin and answers each with one line:
 * <ul>
 *   <li>{@code own IP...}: replace the owned set; {@code ok N}
 *   <li>{@code stats IP}: {@code ok requests=… responses=… gratuitous=… drops={…}}
 *   <li>{@code interfaces}: {@code ok selected=[…] excluded={…} ioctlFlags=0x… sysfsFlags=0x… hasLink=…}
 *   <li>{@code open IFACE}: tries to open a packet socket; {@code ok <error message>}
 *   <li>{@code quit}
 * </ul>
 */
public final class L2NodeProcess {
  private L2NodeProcess() {
  }

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gratuitous");
      t.setDaemon(true);
      return t;
    });
    Layer2Counters counters = new Layer2Counters();
    PacketSocket socket = PacketSocket.open(args[0]);
    try (InterfaceAnnouncer announcer = new InterfaceAnnouncer(socket, counters,
        Scheduler.of(timer), GratuitousAnnouncer.Schedule.DEFAULT)) {
      Thread loop = new Thread(() -> {
        try {
          announcer.run();
        } catch (IOException e) {
          System.out.println("error " + e.getMessage());
        }
      }, "responder");
      loop.setDaemon(true);
      loop.start();
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        System.out.println(execute(words, announcer, socket, counters));
      }
    }
    timer.shutdownNow();
  }

  private static String execute(String[] words, InterfaceAnnouncer announcer, PacketSocket socket,
      Layer2Counters counters) throws IOException {
    switch (words[0]) {
      case "own":
        Set<InetAddress> ips = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
          ips.add(InetAddress.getByName(words[i])); // literals only: never resolves
        }
        announcer.setOwned(ips);
        return "ok " + announcer.owned().size();
      case "stats":
        InetAddress ip = InetAddress.getByName(words[1]);
        return "ok requests=" + counters.requestsReceived(ip) + " responses="
            + counters.responsesSent(ip) + " gratuitous=" + counters.gratuitousSent(ip)
            + " drops=" + counters.dropsByReason();
      case "interfaces":
        List<InterfaceInfo> all = new InterfaceScanner().scan();
        InterfaceSelection.Result r = InterfaceSelection.select(all, Set.of());
        InterfaceInfo mine = all.stream().filter(i -> i.name().equals(socket.interfaceName()))
            .findFirst().orElseThrow();
        return "ok selected=" + r.selected().stream().map(InterfaceInfo::name).toList()
            + " excluded=" + new TreeMap<>(r.excluded()) + " ioctlFlags=0x"
            + Integer.toHexString(socket.interfaceFlags()) + " sysfsFlags=0x"
            + Integer.toHexString(mine.flags()) + " hasLink=" + mine.hasLink();
      case "open":
        try (PacketSocket s = PacketSocket.open(words[1])) {
          return "ok opened " + s.interfaceName();
        } catch (NativeIoException e) {
          return "ok " + e.getMessage();
        }
      default:
        return "unknown command " + String.join(" ", words);
    }
  }
}
