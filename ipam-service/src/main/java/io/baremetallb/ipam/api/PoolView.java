package io.baremetallb.ipam.api;

import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A pool as {@code GET /api/v1/pools} shows it. The counters are exact JSON integers (an IPv6
 * pool can hold 2^64 and more addresses: parse them as arbitrary-precision numbers).
 */
@Schema(name = "Pool", description = "An address pool and its counters")
public record PoolView(
    @Schema(description = "pool name", example = "my-ip-space") String name,
    @Schema(description = "address families the pool has addresses of", example = "[\"IPv4\"]") List<String> families,
    @Schema(description = "the entries as configured", example = "[\"192.0.2.5-192.0.2.9\"]") List<String> addresses,
    @Schema(description = "usable addresses (an exact integer, possibly above 2^53)", example = "5") BigInteger total,
    @Schema(description = "addresses held by at least one Service", example = "1") long inUse,
    @Schema(description = "addresses reserved and held by no Service", example = "0") long reserved,
    @Schema(description = "total - inUse - reserved (an exact integer)", example = "4") BigInteger free) {
  public PoolView {
    families = List.copyOf(families);
    addresses = List.copyOf(addresses);
  }
}
