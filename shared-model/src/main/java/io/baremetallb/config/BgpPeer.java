package io.baremetallb.config;

import io.baremetallb.ip.IpAddress;
import io.baremetallb.model.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A BGP router the announcers of the selected nodes peer with (BGPPeer v1beta2, or a legacy
 * {@code peers} entry, named {@code peer<N>} as MetalLB's converter names it).
 *
 * @param name the peer's name, which BGP advertisements refer to
 * @param myAsn our AS number (1..4294967295)
 * @param peerAsn the AS number expected from the router; empty when {@code dynamicAsn} is set
 * @param dynamicAsn accept the router's AS number if internal (= myAsn) or external (≠ myAsn)
 * @param peerAddress the router's address
 * @param sourceAddress our source address, if pinned
 * @param peerPort the router's TCP port (default 179)
 * @param holdTime proposed hold time, whole seconds (default 90s; 0 disables keepalives)
 * @param keepaliveTime keepalive interval, whole seconds (default a third of the hold time)
 * @param connectTime time between connection attempts, if set
 * @param routerId the BGP identifier to send, if pinned (an IPv4 address)
 * @param nodeSelectors nodes that peer with this router (empty: every node)
 * @param password TCP MD5 password in clear ("" for none)
 * @param passwordSecret the Secret holding the TCP MD5 password, if any
 * @param bfdProfile name of the BFD profile for the session, if any
 * @param ebgpMultiHop the router is more than one hop away
 * @param enableGracefulRestart negotiate graceful restart (RFC 4724)
 * @param vrf the host VRF to peer from ("" for the default)
 * @param disableMp separate sessions for IPv4 and IPv6 instead of multiprotocol BGP
 */
public record BgpPeer(
    String name,
    long myAsn,
    OptionalLong peerAsn,
    Optional<DynamicAsn> dynamicAsn,
    IpAddress peerAddress,
    Optional<IpAddress> sourceAddress,
    int peerPort,
    Duration holdTime,
    Duration keepaliveTime,
    Optional<Duration> connectTime,
    Optional<IpAddress> routerId,
    List<LabelSelector> nodeSelectors,
    String password,
    Optional<SecretRef> passwordSecret,
    Optional<String> bfdProfile,
    boolean ebgpMultiHop,
    boolean enableGracefulRestart,
    String vrf,
    boolean disableMp) {

  public static final int DEFAULT_PORT = 179;
  public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);

  public BgpPeer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(holdTime, "holdTime");
    Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    nodeSelectors = List.copyOf(nodeSelectors);
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(vrf, "vrf");
  }

  /** Whether a node with these labels peers with this router. */
  public boolean selectsNode(Map<String, String> nodeLabels) {
    return PoolSelection.selectsNode(nodeSelectors, nodeLabels);
  }

  /** Whether the session is iBGP (same AS on both ends), as far as the configuration tells. */
  public boolean isInternal() {
    return peerAsn.isPresent() ? peerAsn.getAsLong() == myAsn : dynamicAsn.orElse(null) == DynamicAsn.INTERNAL;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "BgpPeer[name=" + name + ", myAsn=" + myAsn + ", peerAsn=" + peerAsn + ", dynamicAsn=" + dynamicAsn
        + ", peerAddress=" + peerAddress + ", sourceAddress=" + sourceAddress + ", peerPort=" + peerPort
        + ", holdTime=" + holdTime + ", keepaliveTime=" + keepaliveTime + ", connectTime=" + connectTime
        + ", routerId=" + routerId + ", nodeSelectors=" + nodeSelectors + ", password=" + (password.isEmpty() ? "" : "***")
        + ", passwordSecret=" + passwordSecret + ", bfdProfile=" + bfdProfile + ", ebgpMultiHop=" + ebgpMultiHop
        + ", enableGracefulRestart=" + enableGracefulRestart + ", vrf=" + vrf + ", disableMp=" + disableMp + "]";
  }

  /** {@code dynamicASN}: which AS number to accept from a router whose number is not configured. */
  public enum DynamicAsn {
    INTERNAL("internal"), EXTERNAL("external");

    private final String apiName;

    DynamicAsn(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  /** A reference to a Secret of type {@code kubernetes.io/basic-auth} whose key {@code password} holds the password. */
  public record SecretRef(String name, String namespace) {
    public SecretRef {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(namespace, "namespace");
    }
  }
}
