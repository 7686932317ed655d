package io.baremetallb.localcluster.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code lab.sh up --prefix P --nodes N} builds, computed rather than asked for: the router
 * (host 1), the client (host 10) and node1..nodeN (hosts 11..10+N) on one bridge. lab.sh applies the
 * same numbering; {@code LabNetnsIT} checks that the two agree.
 */
public record LabTopology(String prefix, int nodes) {
  public static final int MAX_NODES = 50;
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,19}");

  public LabTopology {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("lab prefix '" + prefix
          + "' must be 1-20 characters of a-z, 0-9 and '-', starting with a letter");
    }
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalArgumentException("a lab has 1 to " + MAX_NODES + " nodes, not " + nodes);
    }
  }

  public LabHost router() {
    return LabHost.numbered("router", 1);
  }

  public LabHost client() {
    return LabHost.numbered("client", 10);
  }

  public LabHost node(int k) {
    if (k < 1 || k > nodes) {
      throw new IllegalArgumentException("no node" + k + " in lab '" + prefix + "' (it has node1..node" + nodes + ")");
    }
    return LabHost.numbered("node" + k, 10 + k);
  }

  public List<LabHost> nodeHosts() {
    List<LabHost> out = new ArrayList<>();
    for (int k = 1; k <= nodes; k++) {
      out.add(node(k));
    }
    return out;
  }

  /** The host called {@code name}: client, router or nodeK. */
  public LabHost host(String name) {
    if (name.equals("client")) {
      return client();
    }
    if (name.equals("router")) {
      return router();
    }
    if (name.matches("node[1-9][0-9]?")) {
      return node(Integer.parseInt(name.substring(4)));
    }
    throw new IllegalArgumentException("no host '" + name + "' in lab '" + prefix
        + "' (hosts: client, router, node1..node" + nodes + ")");
  }

  /** The network namespace of a host, for {@code ip netns exec}. */
  public String namespace(String host) {
    return prefix + host(host).name();
  }

  /** The namespace holding the bridge. */
  public String bridgeNamespace() {
    return prefix + "br";
  }
}
