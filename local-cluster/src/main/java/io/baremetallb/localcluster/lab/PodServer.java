package io.baremetallb.localcluster.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The lab's stand-in for kube-proxy and the pods of one node and port, run inside the node's
 * network namespace by {@code lab.sh pod start}: {@code PodServer --port P --names FILE}.
 *
 * <p>It binds the wildcard address, so it answers on every address the node holds, the VIPs on
 * {@code lo} included, also those added after it started. Each request gets
 * {@code Hello MyApp | Pod: <name>} from the next name in FILE.
 */
public final class PodServer {
  private PodServer() {}

  public static void main(String[] args) throws IOException {
    int port = -1;
    Path names = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--names" -> names = Path.of(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (port < 1 || port > 65535 || names == null || args.length % 2 != 0) {
      usage("need --port 1..65535 and --names FILE");
    }
    PodRoster roster = new PodRoster(reader(names));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 64);
    } catch (BindException e) {
      System.err.println("PodServer: cannot listen on port " + port + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    server.createContext("/", exchange -> answer(exchange, roster.next()));
    server.start();
    System.out.println("ready port=" + port + " names=" + names);
  }

  private static void answer(HttpExchange exchange, Optional<String> pod) throws IOException {
    try (exchange) {
      byte[] body = pod.map(PodRoster::greeting).orElse("no pod on this node\n")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      pod.ifPresent(name -> exchange.getResponseHeaders().set("X-Pod", name));
      exchange.sendResponseHeaders(pod.isPresent() ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static java.util.function.Supplier<List<String>> reader(Path names) {
    return () -> {
      try {
        return Files.readAllLines(names, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        throw new UncheckedIOException("reading pod names from " + names, e);
      }
    };
  }

  private static void usage(String problem) {
    System.err.println("PodServer: " + problem + " (usage: PodServer --port P --names FILE)");
    System.exit(2);
  }
}
