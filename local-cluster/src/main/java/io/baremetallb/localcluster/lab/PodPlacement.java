package io.baremetallb.localcluster.lab;

import java.util.regex.Pattern;

/** A lab pod on a node: {@code node2=node2-1} on lab.sh's command line to the registration. */
public record PodPlacement(String node, String pod) {
  private static final Pattern NODE = Pattern.compile("node[1-9][0-9]?");
  private static final Pattern POD = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");

  public PodPlacement {
    if (!NODE.matcher(node).matches() || !POD.matcher(pod).matches()) {
      throw new IllegalArgumentException("'" + node + "=" + pod + "' is not a placement NODE=POD such as node2=node2-1");
    }
  }

  public static PodPlacement parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a placement NODE=POD such as node2=node2-1");
    }
    return new PodPlacement(text.substring(0, eq), text.substring(eq + 1));
  }
}
