package io.baremetallb.announcer.membership;

import java.net.InetAddress;
import java.time.Duration;
import javax.crypto.SecretKey;

/**
 * Settings of one announcer's membership.
 *
 * @param nodeName this node's name, the member name everybody sees
 * @param bindAddress BMLB_MEMBERLIST_BIND_ADDRESS (the node's InternalIP)
 * @param port BMLB_MEMBERLIST_PORT, the same on every node
 * @param failureDetectionPort BMLB_MEMBERLIST_FAILURE_DETECTION_PORT (FD_SOCK2), the same on every node
 * @param detection heartbeat and suspicion timings
 * @param key from {@link MemberlistKey#derive}
 * @param requireQuorum split-brain protection (off only for two-node clusters)
 * @param reportTimeout how long a new coordinator waits for the members' last plans
 */
public record MembershipConfig(String nodeName, InetAddress bindAddress, int port, int failureDetectionPort,
    FailureDetection detection, SecretKey key, boolean requireQuorum, Duration reportTimeout) {
  /** The JGroups cluster name: members of other clusters (other names) never join ours. */
  public static final String CLUSTER = "baremetallb-announcers";

  public MembershipConfig {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("the membership needs this node's name (BMLB_NODE_NAME)");
    }
    checkPort(port, "BMLB_MEMBERLIST_PORT");
    checkPort(failureDetectionPort, "BMLB_MEMBERLIST_FAILURE_DETECTION_PORT");
    if (port == failureDetectionPort) {
      throw new IllegalArgumentException("BMLB_MEMBERLIST_PORT and BMLB_MEMBERLIST_FAILURE_DETECTION_PORT are both " + port
          + "; they must differ");
    }
  }

  private static void checkPort(int port, String setting) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(setting + " is " + port + ", not a port 1..65535");
    }
  }
}
