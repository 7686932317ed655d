package io.baremetallb.bench.bgp;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD's control socket spoken directly (what birdc does), so that polling the route count costs
 * a round trip on a Unix socket instead of a process start. A reply is lines with a 4-digit code;
 * {@code 0000} ends it.
 */
final class BirdControl implements AutoCloseable {
  private static final Pattern LAST_LINE = Pattern.compile("[0-9]{4} ");
  private static final Pattern COUNT = Pattern.compile("(\\d+) of \\d+ routes for \\d+ networks in table");
  private final SocketChannel channel;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

  BirdControl(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    reply(); // "0001 BIRD 2.x ready."
  }

  String command(String command) throws IOException {
    channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
    return reply();
  }

  /** Routes BIRD has from one protocol in all its tables ({@code show route protocol P count}, one line per table). */
  int routesFrom(String protocol) throws IOException {
    Matcher m = COUNT.matcher(command("show route protocol " + protocol + " count"));
    int sum = 0;
    while (m.find()) {
      sum += Integer.parseInt(m.group(1));
    }
    return sum;
  }

  boolean established(String protocol) throws IOException {
    return command("show protocols " + protocol).contains("Established");
  }

  /** Reads until a complete line starting with a code and a space: the last line of a reply. */
  private String reply() throws IOException {
    StringBuilder text = new StringBuilder();
    while (!isComplete(text)) {
      in.clear();
      if (channel.read(in) < 0) {
        throw new IOException("BIRD closed its control socket; it said: " + text);
      }
      in.flip();
      text.append(StandardCharsets.US_ASCII.decode(in));
    }
    return text.toString();
  }

  private static boolean isComplete(StringBuilder text) {
    int end = text.length();
    if (end == 0 || text.charAt(end - 1) != '\n') {
      return false;
    }
    int start = text.lastIndexOf("\n", end - 2) + 1;
    return LAST_LINE.matcher(text.subSequence(start, end)).lookingAt();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
