package io.baremetallb.ipam.k8s;

import io.baremetallb.ip.IpFamily;
import io.baremetallb.ipam.core.PoolStats;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the status of each {@code IPAddressPool} object, MetalLB's four counters, through the
 * status subresource (a merge patch), whenever they differ from what this writer last wrote:
 *
 * <ul>
 *   <li>{@code assignedIPv4}, {@code assignedIPv6}: the pool's addresses of that family that
 *       Services hold (a shared address counts once);</li>
 *   <li>{@code availableIPv4}, {@code availableIPv6}: those still free for Services, neither held
 *       nor reserved (our reservations), nor left out by {@code avoidBuggyIPs}. A family with more
 *       free addresses than an int64 holds (an IPv6 /64 has 2^64) shows {@link Long#MAX_VALUE}.</li>
 * </ul>
 *
 * The leader calls {@link #sync} once a second ({@code IpamController}); only pools defined by an
 * object get a status (the legacy ConfigMap's have nowhere to put one). Not thread-safe: one thread
 * calls it.
 */
final class PoolStatusWriter {
  private static final Logger LOG = Logger.getLogger(PoolStatusWriter.class.getName());

  /** MetalLB's {@code IPAddressPoolStatus}. */
  record Counts(long assignedIPv4, long assignedIPv6, long availableIPv4, long availableIPv6) {
    static Counts of(PoolStats s) {
      return new Counts(s.family(IpFamily.IPV4).inUse(), s.family(IpFamily.IPV6).inUse(),
          capped(s.family(IpFamily.IPV4).free()), capped(s.family(IpFamily.IPV6).free()));
    }

    private static long capped(BigInteger n) {
      return n.bitLength() < 64 ? n.longValue() : Long.MAX_VALUE;
    }

    String patch() {
      return "{\"status\":{\"assignedIPv4\":" + assignedIPv4 + ",\"assignedIPv6\":" + assignedIPv6
          + ",\"availableIPv4\":" + availableIPv4 + ",\"availableIPv6\":" + availableIPv6 + "}}";
    }
  }

  private final ApiWrites api;
  private final String namespace;
  private final String version;
  private final Map<String, Counts> written = new HashMap<>();
  /** The leadership term {@link #written} belongs to. */
  private long term;

  /** Pools in {@code namespace}, read at {@code version} of metallb.io (discovery's). */
  PoolStatusWriter(ApiClient client, String namespace, String version) {
    this.api = new ApiWrites(client);
    this.namespace = namespace;
    this.version = version;
  }

  /**
   * Writes the counters of every pool in {@code counts} that differ from the last ones written for
   * it in this leadership {@code term}, and forgets the pools not in it; how many it wrote. In a new
   * term it writes them all: another replica may have led and written since. A pool deleted
   * meanwhile (404) is forgotten; another refusal is logged and tried again at the next call.
   */
  int sync(long term, Map<String, Counts> counts) {
    if (term != this.term) {
      written.clear();
      this.term = term;
    }
    written.keySet().retainAll(counts.keySet());
    int n = 0;
    for (Map.Entry<String, Counts> e : counts.entrySet()) {
      if (e.getValue().equals(written.get(e.getKey()))) {
        continue;
      }
      try {
        api.mergePatch(api.groupPath("metallb.io", version, namespace, "ipaddresspools", e.getKey(), "status"),
            e.getValue().patch());
        written.put(e.getKey(), e.getValue());
        n++;
      } catch (ApiException ex) {
        written.remove(e.getKey());
        if (ex.getCode() != 404) {
          LOG.log(Level.WARNING, "event=poolStatusWriteFailed pool={0} code={1} message={2}",
              new Object[] {e.getKey(), ex.getCode(), ex.getMessage()});
        }
      }
    }
    return n;
  }
}
