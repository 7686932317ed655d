package io.baremetallb.config;

import java.util.Objects;

/**
 * BFD session settings a BGP peer may refer to. Absent fields take MetalLB's (FRR's) defaults.
 *
 * @param name the profile's name
 * @param receiveInterval minimum interval between received control packets, ms (10..60000)
 * @param transmitInterval minimum interval between sent control packets, ms (10..60000)
 * @param detectMultiplier packets that may be lost before the session is down (2..255)
 * @param echoInterval minimum interval between echo packets, ms (10..60000)
 * @param echoMode whether echo packets are sent
 * @param passiveMode wait for the peer's control packets instead of starting
 * @param minimumTtl lowest TTL accepted on incoming packets, multi-hop sessions only (1..254)
 */
public record BfdProfile(
    String name,
    int receiveInterval,
    int transmitInterval,
    int detectMultiplier,
    int echoInterval,
    boolean echoMode,
    boolean passiveMode,
    int minimumTtl) {

  public static final int DEFAULT_RECEIVE_INTERVAL = 300;
  public static final int DEFAULT_TRANSMIT_INTERVAL = 300;
  public static final int DEFAULT_DETECT_MULTIPLIER = 3;
  public static final int DEFAULT_ECHO_INTERVAL = 50;
  public static final int DEFAULT_MINIMUM_TTL = 254;

  public BfdProfile {
    Objects.requireNonNull(name, "name");
  }

  /** A profile with every default. */
  public static BfdProfile defaults(String name) {
    return new BfdProfile(name, DEFAULT_RECEIVE_INTERVAL, DEFAULT_TRANSMIT_INTERVAL, DEFAULT_DETECT_MULTIPLIER,
        DEFAULT_ECHO_INTERVAL, false, false, DEFAULT_MINIMUM_TTL);
  }
}
