package it.io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.GratuitousAnnouncer;
import io.baremetallb.announcer.l2.InterfaceAnnouncer;
import io.baremetallb.announcer.l2.Layer2Counters;
import io.baremetallb.announcer.l2.Scheduler;
import io.baremetallb.announcer.l2.io.PacketSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The announcer side of {@link L2NetnsIT}, run as a child JVM inside the node's namespace with
 * {@code ip netns exec} (as the real announcer runs with hostNetwork). Reads commands from
 * stdin: {@code own IP...} (replace the owned set), {@code quit}; answers each with a line.
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
    try (InterfaceAnnouncer announcer = new InterfaceAnnouncer(PacketSocket.open(args[0]), counters,
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
        if (words[0].equals("own")) {
          Set<InetAddress> ips = new HashSet<>();
          for (int i = 1; i < words.length; i++) {
            ips.add(InetAddress.getByName(words[i])); // literals only: never resolves
          }
          announcer.setOwned(ips);
          System.out.println("ok " + announcer.owned().size());
        } else {
          System.out.println("unknown command " + line);
        }
      }
    }
    timer.shutdownNow();
  }
}
