package io.baremetallb.announcer.membership;

/**
 * Failure-detection timings of the JGroups stack (measured in LAB-NOTES, "JGroups membership for
 * fast failover"): a member whose link goes down leaves the survivors' view after about
 * timeout + suspect + view installation; a crashed process is noticed sooner, by FD_SOCK2.
 *
 * @param heartbeatMs FD_ALL3 interval: how often every member sends a heartbeat
 * @param timeoutMs FD_ALL3 timeout: a member silent this long is suspected
 * @param suspectMs VERIFY_SUSPECT2 timeout: how long a suspicion is checked before the member is removed
 * @param viewAckMs GMS view_ack_collection_timeout (the 2 s default delays a second failure)
 * @param socketConnectMs FD_SOCK2 connect_timeout (the 1 s default runs inside view installation)
 */
public record FailureDetection(int heartbeatMs, int timeoutMs, int suspectMs, int viewAckMs, int socketConnectMs) {
  /** Sub-second: about 450 ms from link down to the new view. */
  public static final FailureDetection DEFAULT = new FailureDetection(100, 300, 100, 100, 100);
  /** About 90 ms from link down to the new view, at 4-6 % of a core per member. */
  public static final FailureDetection FAST = new FailureDetection(10, 40, 20, 100, 100);

  public FailureDetection {
    if (heartbeatMs <= 0 || timeoutMs <= heartbeatMs) {
      throw new IllegalArgumentException("memberlist timeout (" + timeoutMs + " ms, BMLB_MEMBERLIST_TIMEOUT_MS) must exceed "
          + "the heartbeat interval (" + heartbeatMs + " ms, BMLB_MEMBERLIST_HEARTBEAT_MS), which must be positive");
    }
    if (suspectMs <= 0 || viewAckMs <= 0 || socketConnectMs <= 0) {
      throw new IllegalArgumentException("failure detection timeouts must be positive: suspect " + suspectMs
          + " ms, view ack " + viewAckMs + " ms, socket connect " + socketConnectMs + " ms");
    }
  }

  /**
   * How long a member answers without a renewal from its coordinator: the heartbeat timeout. A
   * member cut off from the others stops answering by then, before they (after the timeout, the
   * suspicion check and the view installation) give its IPs away, so no instant has two owners.
   * The price: when the coordinator dies, healthy members pause answering (existing ARP caches keep
   * working) from then until the new view, about suspectMs plus the view installation.
   */
  public int leaseMs() {
    return timeoutMs;
  }

  /**
   * From the two settings the chart exposes (BMLB_MEMBERLIST_HEARTBEAT_MS, BMLB_MEMBERLIST_TIMEOUT_MS):
   * a suspicion is verified for a third of the timeout (at least 10 ms, at most 100 ms).
   */
  public static FailureDetection of(int heartbeatMs, int timeoutMs) {
    return new FailureDetection(heartbeatMs, timeoutMs, Math.max(10, Math.min(100, timeoutMs / 3)), 100, 100);
  }
}
