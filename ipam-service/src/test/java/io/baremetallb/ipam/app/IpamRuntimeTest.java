package io.baremetallb.ipam.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.openapi.models.V1Service;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DNS responder's start inside the IPAM service: bad settings and taken ports leave it off, and say why. */
class IpamRuntimeTest {
  private static IpamRuntime runtime() {
    IpamRuntime r = new IpamRuntime();
    r.dnsEnabled = true;
    return r;
  }

  @Test
  void anInvalidDnsSettingLeavesTheResponderOffAndNamesTheKeyAndValue() {
    IpamRuntime r = runtime();
    r.startDns(() -> {
      throw new AssertionError("no responder is built from an invalid configuration");
    }, key -> Optional.ofNullable(Map.of("bmlb.dns.port", "70000").get(key)));
    assertTrue(r.dnsProblem().startsWith("invalid DNS configuration: "), r.dnsProblem());
    assertTrue(r.dnsProblem().contains("dns.port") && r.dnsProblem().contains("70000"), r.dnsProblem());
    assertTrue(r.dns().isEmpty());
    assertFalse(r.dnsReady(), "enabled and not answering: not ready");
  }

  @Test
  void aTakenPortLeavesTheResponderOffAndSaysSo() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      IpamRuntime r = runtime();
      Map<String, String> settings = Map.of("bmlb.dns.bind-address", "127.0.0.1",
          "bmlb.dns.port", Integer.toString(taken.getLocalPort()));
      r.startDns(Cache<V1Service>::new, key -> Optional.ofNullable(settings.get(key)));
      assertTrue(r.dnsProblem().startsWith("DNS responder: "), r.dnsProblem());
      assertTrue(r.dns().isEmpty());
      assertFalse(r.dnsReady());
    }
  }

  @Test
  void aFreePortStartsTheResponder() {
    IpamRuntime r = runtime();
    Map<String, String> settings = Map.of("bmlb.dns.bind-address", "127.0.0.1", "bmlb.dns.port", "0");
    r.startDns(Cache<V1Service>::new, key -> Optional.ofNullable(settings.get(key)));
    try {
      assertEquals("", r.dnsProblem());
      assertTrue(r.dnsReady());
    } finally {
      r.dns().ifPresent(d -> d.close());
    }
  }
}
