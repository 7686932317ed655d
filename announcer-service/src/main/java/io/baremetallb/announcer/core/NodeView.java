package io.baremetallb.announcer.core;

import java.util.Map;

/**
 * What the planner needs to know about one node.
 *
 * @param name the Node's name
 * @param labels the Node's labels (for advertisement node selectors)
 * @param excluded labelled {@code node.kubernetes.io/exclude-from-external-load-balancers}
 * @param networkUnavailable the Node's {@code NetworkUnavailable} condition is True
 * @param linkUp the node's announcing interface has carrier (reported by the node itself)
 */
public record NodeView(String name, Map<String, String> labels, boolean excluded, boolean networkUnavailable, boolean linkUp) {
  public NodeView {
    labels = Map.copyOf(labels);
  }

  public static NodeView healthy(String name) {
    return new NodeView(name, Map.of(), false, false, true);
  }
}
