package io.baremetallb.ipam.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * How the DNS responder runs. {@link #fromProperties} reads it from string keys (the {@code KEY_*}
 * constants), which is how MicroProfile Config will feed it.
 *
 * @param bindAddress address both listeners bind to
 * @param port UDP and TCP port; 0 picks a free one (tests)
 * @param clusterZones zones answering {@code <svc>.<ns>.svc.<zone>} (default {@code cluster.local})
 * @param externalZones zones answering {@code <svc>.<ns>.<zone>} for LoadBalancer Services only
 * @param ttlSeconds TTL of every answer, and the negative-caching TTL (SOA minimum)
 * @param nameserver the name NS records and SOA MNAME point at
 * @param nameserverAddresses A/AAAA of {@link #nameserver} when it lies in one of our zones
 * @param rateLimitQps UDP queries answered per source address per second; 0 turns the limit off
 * @param rateLimitBurst how many queries a source may send at once before the rate applies
 * @param maxUdpPayload the largest UDP response we send to an EDNS client (RFC 6891 §6.2.5)
 * @param udpThreads threads receiving and answering UDP queries
 * @param tcpMaxConnections concurrent TCP connections; more are closed at once
 * @param tcpIdleTimeout how long a TCP connection may take to deliver a query before we close it
 */
public record DnsConfig(InetAddress bindAddress, int port, List<Name> clusterZones,
    List<Name> externalZones, long ttlSeconds, Name nameserver, List<InetAddress> nameserverAddresses,
    int rateLimitQps, int rateLimitBurst, int maxUdpPayload, int udpThreads, int tcpMaxConnections,
    Duration tcpIdleTimeout) {

  public static final String KEY_BIND_ADDRESS = "dns.bind-address";
  public static final String KEY_PORT = "dns.port";
  public static final String KEY_ZONES = "dns.zones";
  public static final String KEY_EXTERNAL_ZONES = "dns.external-zones";
  public static final String KEY_TTL = "dns.ttl";
  public static final String KEY_NAMESERVER = "dns.nameserver";
  public static final String KEY_NAMESERVER_ADDRESSES = "dns.nameserver-addresses";
  public static final String KEY_RATE_LIMIT = "dns.rate-limit";
  public static final String KEY_RATE_LIMIT_BURST = "dns.rate-limit-burst";
  public static final String KEY_MAX_UDP_PAYLOAD = "dns.max-udp-payload";
  public static final String KEY_UDP_THREADS = "dns.udp-threads";
  public static final String KEY_TCP_MAX_CONNECTIONS = "dns.tcp-max-connections";
  public static final String KEY_TCP_IDLE_TIMEOUT_MS = "dns.tcp-idle-timeout-ms";

  /** Without EDNS a UDP message is at most 512 bytes (RFC 1035 §4.2.1). */
  public static final int CLASSIC_UDP_PAYLOAD = 512;
  /** The DNS Flag Day 2020 size: fits the usual 1280-byte IPv6 MTU without fragments. */
  public static final int DEFAULT_MAX_UDP_PAYLOAD = 1232;

  public DnsConfig {
    check(port >= 0 && port <= 65535, KEY_PORT, port + " is not a port (0-65535)");
    clusterZones = List.copyOf(clusterZones);
    externalZones = List.copyOf(externalZones);
    nameserverAddresses = List.copyOf(nameserverAddresses);
    check(!clusterZones.isEmpty() || !externalZones.isEmpty(), KEY_ZONES, "no zone configured");
    checkDisjoint(clusterZones, externalZones);
    check(ttlSeconds >= 0 && ttlSeconds <= Integer.MAX_VALUE, KEY_TTL,
        ttlSeconds + " is not a TTL (0-2147483647 s, RFC 2181 §8)");
    check(rateLimitQps >= 0, KEY_RATE_LIMIT, rateLimitQps + " is negative (0 turns the limit off)");
    check(rateLimitBurst >= 1, KEY_RATE_LIMIT_BURST, rateLimitBurst + " must be at least 1");
    check(maxUdpPayload >= CLASSIC_UDP_PAYLOAD && maxUdpPayload <= 65535, KEY_MAX_UDP_PAYLOAD,
        maxUdpPayload + " is outside 512-65535");
    check(udpThreads >= 1, KEY_UDP_THREADS, udpThreads + " must be at least 1");
    check(tcpMaxConnections >= 1, KEY_TCP_MAX_CONNECTIONS, tcpMaxConnections + " must be at least 1");
    check(!tcpIdleTimeout.isNegative() && !tcpIdleTimeout.isZero(), KEY_TCP_IDLE_TIMEOUT_MS,
        tcpIdleTimeout.toMillis() + " ms must be positive");
  }

  /** The defaults: every key unset. */
  public static DnsConfig defaults() {
    return fromProperties(key -> Optional.empty());
  }

  /**
   * Reads the configuration from string properties; a missing key takes its default. Lists are
   * comma-separated.
   *
   * @throws IllegalArgumentException naming the key and the value that is wrong
   */
  public static DnsConfig fromProperties(Function<String, Optional<String>> property) {
    List<Name> zones = list(property, KEY_ZONES, "cluster.local", DnsConfig::name);
    List<Name> external = list(property, KEY_EXTERNAL_ZONES, "", DnsConfig::name);
    Name firstZone = zones.isEmpty() ? external.stream().findFirst().orElse(Name.root) : zones.get(0);
    Name nameserver = property.apply(KEY_NAMESERVER).map(s -> name(KEY_NAMESERVER, s))
        .orElseGet(() -> child("ns.dns", firstZone));
    int rate = integer(property, KEY_RATE_LIMIT, 100);
    return new DnsConfig(address(KEY_BIND_ADDRESS, property.apply(KEY_BIND_ADDRESS).orElse("0.0.0.0")),
        integer(property, KEY_PORT, 8053), zones, external, integer(property, KEY_TTL, 5), nameserver,
        list(property, KEY_NAMESERVER_ADDRESSES, "", DnsConfig::address), rate,
        integer(property, KEY_RATE_LIMIT_BURST, Math.max(1, 2 * rate)),
        integer(property, KEY_MAX_UDP_PAYLOAD, DEFAULT_MAX_UDP_PAYLOAD),
        integer(property, KEY_UDP_THREADS, 2), integer(property, KEY_TCP_MAX_CONNECTIONS, 64),
        Duration.ofMillis(integer(property, KEY_TCP_IDLE_TIMEOUT_MS, 10_000)));
  }

  private static void checkDisjoint(List<Name> clusterZones, List<Name> externalZones) {
    List<Name> all = new ArrayList<>(clusterZones);
    all.addAll(externalZones);
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        check(i == j || !all.get(i).subdomain(all.get(j)), KEY_ZONES,
            "zone " + all.get(i) + " lies inside zone " + all.get(j) + "; zones must not nest");
      }
    }
  }

  /** A comma-separated list; blank items are skipped. */
  private static <T> List<T> list(Function<String, Optional<String>> property, String key,
      String fallback, BiFunction<String, String, T> parse) {
    List<T> items = new ArrayList<>();
    for (String item : property.apply(key).orElse(fallback).split(",")) {
      if (!item.isBlank()) {
        items.add(parse.apply(key, item.strip()));
      }
    }
    return items;
  }

  private static Name name(String key, String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not a domain name: "
          + e.getMessage(), e);
    }
  }

  private static Name child(String labels, Name parent) {
    try {
      return Name.concatenate(Name.fromConstantString(labels), parent);
    } catch (NameTooLongException e) {
      throw new IllegalArgumentException(KEY_NAMESERVER + ": " + labels + "." + parent
          + " is too long; set " + KEY_NAMESERVER + " explicitly", e);
    }
  }

  /** Only literal IPv4/IPv6 addresses: a host name here would mean a DNS lookup at startup. */
  private static InetAddress address(String key, String text) {
    boolean literal = text.indexOf(':') >= 0 || text.matches("[0-9.]+");
    try {
      if (literal) {
        return InetAddress.getByName(text);
      }
    } catch (UnknownHostException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(key + ": '" + text + "' is not an IP address");
  }

  private static int integer(Function<String, Optional<String>> property, String key, int fallback) {
    Optional<String> value = property.apply(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value.get() + "' is not an integer", e);
    }
  }

  private static void check(boolean ok, String key, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": " + problem);
    }
  }
}
