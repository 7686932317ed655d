package io.baremetallb.ipam.dns;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source address: {@code rate} queries per second, up to {@code burst} at once.
 * UDP sources can be forged, so answering without a limit would let anyone aim our responses at a
 * victim; excess queries get no response at all. Time comes in as nanoseconds from the caller
 * (System.nanoTime in the server, a counter in tests). The table is bounded: when it is full, idle
 * sources (whose buckets are full again, i.e. indistinguishable from new ones) are evicted first, and
 * if that frees nothing the table starts over, which at worst grants each source one more burst.
 */
public final class RateLimiter {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long rate;
  private final long burst;
  private final int maxSources;
  private final Map<InetAddress, Bucket> buckets = new HashMap<>();

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }

  /**
   * @param rate tokens per second per source; 0 means unlimited
   * @param burst bucket size
   * @param maxSources how many sources the table tracks at most
   */
  public RateLimiter(long rate, long burst, int maxSources) {
    if (rate < 0 || burst < 1 || maxSources < 1) {
      throw new IllegalArgumentException("rate limiter: rate " + rate + " must be >= 0, burst "
          + burst + " >= 1, maxSources " + maxSources + " >= 1");
    }
    this.rate = rate;
    this.burst = burst;
    this.maxSources = maxSources;
  }

  /** Takes one token from {@code source}'s bucket; false when it is empty and the query must be dropped. */
  public synchronized boolean tryAcquire(InetAddress source, long nowNanos) {
    if (rate == 0) {
      return true;
    }
    Bucket bucket = buckets.get(source);
    if (bucket == null) {
      makeRoom(nowNanos);
      bucket = new Bucket(burst, nowNanos);
      buckets.put(source, bucket);
    } else {
      refill(bucket, nowNanos);
    }
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /** How many sources the table holds now. */
  public synchronized int trackedSources() {
    return buckets.size();
  }

  private void refill(Bucket bucket, long nowNanos) {
    long elapsed = nowNanos - bucket.lastNanos;
    if (elapsed > 0) {
      bucket.tokens = Math.min(burst, bucket.tokens + (double) elapsed * rate / NANOS_PER_SECOND);
      bucket.lastNanos = nowNanos;
    }
  }

  private void makeRoom(long nowNanos) {
    if (buckets.size() < maxSources) {
      return;
    }
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      refill(bucket, nowNanos);
      if (bucket.tokens >= burst) {
        it.remove();
      }
    }
    if (buckets.size() >= maxSources) {
      buckets.clear();
    }
  }
}
