package io.baremetallb.ipam.core;

import java.math.BigInteger;

/**
 * A pool's counters, exact at any size (an IPv6 /64 has 2^64 addresses).
 *
 * @param total usable addresses (with avoidBuggyIPs, without the .0 and .255 of each /24)
 * @param inUse addresses held by at least one Service (a shared address counts once)
 * @param reserved addresses reserved and not held by a Service
 * @param free {@code total - inUse - reserved}
 */
public record PoolStats(String pool, BigInteger total, long inUse, long reserved, BigInteger free) {
}
