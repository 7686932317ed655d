package io.baremetallb.announcer.app;

import io.baremetallb.announcer.k8s.AnnouncerController;
import io.baremetallb.announcer.membership.FailureDetection;
import io.baremetallb.ip.IpAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the announcer reads from MicroProfile Config (environment form in brackets; the
 * table is in docs/configuration.md). Built by {@link #from}, which checks every value and reports
 * all bad ones at once, each with its setting, so that a pod that cannot start says exactly why.
 *
 * @param nodeName the node this announcer runs on (BMLB_NODE_NAME)
 * @param bindAddress where the membership listens (BMLB_MEMBERLIST_BIND_ADDRESS, else BMLB_HOST_IP)
 * @param secretKey the membership key (BMLB_MEMBERLIST_SECRET_KEY); empty: read it from the Secret
 * @param secretName the Secret that holds it under {@code secretkey} (BMLB_MEMBERLIST_SECRET_NAME)
 * @param requireQuorum split-brain protection (BMLB_MEMBERLIST_REQUIRE_QUORUM; false only for two nodes)
 */
public record AnnouncerSettings(String nodeName, Optional<String> kubeconfig, AnnouncerController.Settings controller,
    boolean layer2, boolean bgp, InetAddress bindAddress, int memberlistPort, int failureDetectionPort,
    FailureDetection detection, Optional<String> secretKey, String secretName, boolean requireQuorum,
    int refreshMs) {

  /**
   * @param config the value of a property ({@code bmlb.node.name}...), empty when unset
   * @throws IllegalArgumentException naming every bad or missing setting
   */
  public static AnnouncerSettings from(Function<String, Optional<String>> config) {
    Reader r = new Reader(config);
    String node = r.required("bmlb.node.name", "BMLB_NODE_NAME");
    Optional<String> hostIp = r.text("bmlb.host.ip");
    Optional<String> bind = r.text("bmlb.memberlist.bind.address").or(() -> hostIp);
    InetAddress bindAddress = null;
    if (bind.isEmpty()) {
      r.problems.add("BMLB_MEMBERLIST_BIND_ADDRESS or BMLB_HOST_IP is required: the address other announcers reach "
          + "this one at (the node's InternalIP)");
    } else if (!IpAddress.isValid(bind.get())) {
      r.problems.add("BMLB_MEMBERLIST_BIND_ADDRESS/BMLB_HOST_IP is \"" + bind.get() + "\", not an IP address");
    } else {
      bindAddress = IpAddress.parse(bind.get()).toInetAddress();
    }
    String cls = r.text("bmlb.loadbalancer.class").orElse("");
    AnnouncerController.Settings controller = new AnnouncerController.Settings(
        r.text("bmlb.kube.namespace").orElse("metallb-system"), r.text("bmlb.config.configmap").orElse("config"),
        "config", cls, cls.isEmpty(), r.bool("bmlb.ignore.exclude.lb.label", "BMLB_IGNORE_EXCLUDE_LB_LABEL", false));
    int port = r.port("bmlb.memberlist.port", "BMLB_MEMBERLIST_PORT", 7946);
    int fdPort = r.port("bmlb.memberlist.failure.detection.port", "BMLB_MEMBERLIST_FAILURE_DETECTION_PORT", 7947);
    if (port == fdPort) {
      r.problems.add("BMLB_MEMBERLIST_PORT and BMLB_MEMBERLIST_FAILURE_DETECTION_PORT are both " + port
          + "; they must differ");
    }
    FailureDetection detection = r.detection();
    int refresh = r.integer("bmlb.l2.interface.refresh.ms", "BMLB_L2_INTERFACE_REFRESH_MS", 1000, 50, 60_000);
    AnnouncerSettings s = new AnnouncerSettings(node, r.text("bmlb.kubeconfig"), controller,
        r.bool("bmlb.l2.enabled", "BMLB_L2_ENABLED", true), r.bool("bmlb.bgp.enabled", "BMLB_BGP_ENABLED", true),
        bindAddress, port, fdPort, detection, r.text("bmlb.memberlist.secret.key"),
        r.text("bmlb.memberlist.secret.name").orElse("memberlist"),
        r.bool("bmlb.memberlist.require.quorum", "BMLB_MEMBERLIST_REQUIRE_QUORUM", true), refresh);
    if (!r.problems.isEmpty()) {
      throw new IllegalArgumentException("announcer settings: " + String.join("; ", r.problems));
    }
    return s;
  }

  /** Reads and checks values, collecting every problem instead of stopping at the first. */
  private static final class Reader {
    final Function<String, Optional<String>> config;
    final List<String> problems = new ArrayList<>();

    Reader(Function<String, Optional<String>> config) {
      this.config = config;
    }

    Optional<String> text(String key) {
      return config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    String required(String key, String env) {
      Optional<String> v = text(key);
      if (v.isEmpty()) {
        problems.add(env + " is required");
      }
      return v.orElse("");
    }

    boolean bool(String key, String env, boolean dflt) {
      Optional<String> v = text(key);
      if (v.isEmpty()) {
        return dflt;
      }
      String t = v.get().toLowerCase(Locale.ROOT);
      if (!t.equals("true") && !t.equals("false")) {
        problems.add(env + " is \"" + v.get() + "\", not true or false");
        return dflt;
      }
      return t.equals("true");
    }

    int integer(String key, String env, int dflt, int min, int max) {
      Optional<String> v = text(key);
      if (v.isEmpty()) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v.get());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(env + " is \"" + v.get() + "\", not a whole number from " + min + " to " + max);
      return dflt;
    }

    int port(String key, String env, int dflt) {
      return integer(key, env, dflt, 1, 65535);
    }

    /** The profile (default or fast), with the heartbeat and timeout overriding it when set. */
    FailureDetection detection() {
      String profile = text("bmlb.memberlist.profile").orElse("default").toLowerCase(Locale.ROOT);
      FailureDetection base;
      switch (profile) {
        case "default" -> base = FailureDetection.DEFAULT;
        case "fast" -> base = FailureDetection.FAST;
        default -> {
          problems.add("BMLB_MEMBERLIST_PROFILE is \"" + profile + "\", not default or fast");
          base = FailureDetection.DEFAULT;
        }
      }
      if (text("bmlb.memberlist.heartbeat.ms").isEmpty() && text("bmlb.memberlist.timeout.ms").isEmpty()) {
        return base;
      }
      int hb = integer("bmlb.memberlist.heartbeat.ms", "BMLB_MEMBERLIST_HEARTBEAT_MS", base.heartbeatMs(), 1, 60_000);
      int to = integer("bmlb.memberlist.timeout.ms", "BMLB_MEMBERLIST_TIMEOUT_MS", base.timeoutMs(), 2, 600_000);
      try {
        return FailureDetection.of(hb, to);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return base;
      }
    }
  }
}
