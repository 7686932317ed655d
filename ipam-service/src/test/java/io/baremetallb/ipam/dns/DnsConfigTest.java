package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.config;
import static io.baremetallb.ipam.dns.DnsFixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Reading the responder's configuration from string properties. */
class DnsConfigTest {

  @Test
  void defaultsServeClusterLocalWithAShortTtl() {
    DnsConfig config = DnsConfig.defaults();
    assertEquals(List.of(Name.fromConstantString("cluster.local.")), config.clusterZones());
    assertEquals(List.of(), config.externalZones());
    assertEquals(5, config.ttlSeconds());
    assertEquals(8053, config.port());
    assertEquals(ip("0.0.0.0"), config.bindAddress());
    assertEquals(Name.fromConstantString("ns.dns.cluster.local."), config.nameserver());
    assertEquals(100, config.rateLimitQps());
    assertEquals(200, config.rateLimitBurst());
    assertEquals(1232, config.maxUdpPayload());
    assertEquals(Duration.ofSeconds(10), config.tcpIdleTimeout());
  }

  @Test
  void readsEveryKey() {
    DnsConfig config = config(DnsConfig.KEY_BIND_ADDRESS, "127.0.0.1", DnsConfig.KEY_PORT, "0",
        DnsConfig.KEY_ZONES, "cluster.local, corp.internal", DnsConfig.KEY_EXTERNAL_ZONES,
        "lb.example.test", DnsConfig.KEY_TTL, "30", DnsConfig.KEY_NAMESERVER, "ns1.example.test",
        DnsConfig.KEY_NAMESERVER_ADDRESSES, "192.0.2.53, 2001:db8::53", DnsConfig.KEY_RATE_LIMIT,
        "0", DnsConfig.KEY_RATE_LIMIT_BURST, "7", DnsConfig.KEY_MAX_UDP_PAYLOAD, "4096",
        DnsConfig.KEY_UDP_THREADS, "4", DnsConfig.KEY_TCP_MAX_CONNECTIONS, "8",
        DnsConfig.KEY_TCP_IDLE_TIMEOUT_MS, "1500");
    assertEquals(new DnsConfig(ip("127.0.0.1"), 0,
        List.of(Name.fromConstantString("cluster.local."),
            Name.fromConstantString("corp.internal.")),
        List.of(Name.fromConstantString("lb.example.test.")), 30,
        Name.fromConstantString("ns1.example.test."), List.of(ip("192.0.2.53"), ip("2001:db8::53")),
        0, 7, 4096, 4, 8, Duration.ofMillis(1500)), config);
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertMessage("dns.port: 70000 is not a port (0-65535)", DnsConfig.KEY_PORT, "70000");
    assertMessage("dns.ttl: 'five' is not an integer", DnsConfig.KEY_TTL, "five");
    assertMessage("dns.bind-address: 'localhost' is not an IP address",
        DnsConfig.KEY_BIND_ADDRESS, "localhost");
    assertMessage("dns.max-udp-payload: 100 is outside 512-65535", DnsConfig.KEY_MAX_UDP_PAYLOAD,
        "100");
  }

  @Test
  void zonesMustNotNest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(DnsConfig.KEY_EXTERNAL_ZONES, "svc.cluster.local"));
    assertEquals("dns.zones: zone svc.cluster.local. lies inside zone cluster.local.; "
        + "zones must not nest", e.getMessage());
  }

  @Test
  void someZoneIsRequired() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(DnsConfig.KEY_ZONES, ""));
    assertEquals("dns.zones: no zone configured", e.getMessage());
  }

  private static void assertMessage(String expected, String key, String value) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> config(key, value))
        .getMessage());
  }
}
