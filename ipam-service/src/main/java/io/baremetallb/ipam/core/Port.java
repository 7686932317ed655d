package io.baremetallb.ipam.core;

import java.util.Locale;

/**
 * One port a Service exposes on its load-balancer IP. Two Services may share an IP only when
 * none of their ports collide (same protocol and number), as in MetalLB.
 */
public record Port(Protocol protocol, int number) implements Comparable<Port> {

  /** The protocols of {@code spec.ports[].protocol}. */
  public enum Protocol { TCP, UDP, SCTP }

  public Port {
    if (protocol == null) {
      throw new IllegalArgumentException("port " + number + ": protocol is missing");
    }
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("port " + number + " is outside 1..65535");
    }
  }

  public static Port tcp(int number) {
    return new Port(Protocol.TCP, number);
  }

  public static Port udp(int number) {
    return new Port(Protocol.UDP, number);
  }

  /** Parses {@code tcp/80} (protocol case-insensitive). */
  public static Port parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("\"" + text + "\" is not protocol/port, e.g. tcp/80");
    }
    try {
      return new Port(Protocol.valueOf(text.substring(0, slash).toUpperCase(Locale.ROOT)),
          Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\": port is not a number", e);
    }
  }

  @Override
  public int compareTo(Port o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : Integer.compare(number, o.number);
  }

  @Override
  public String toString() {
    return protocol + "/" + number;
  }
}
