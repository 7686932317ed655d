package io.baremetallb.ipam.dns;

import static io.baremetallb.ipam.dns.DnsFixtures.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Token buckets per source, with time passed in as nanoseconds. */
class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final InetAddress A = ip("192.0.2.1");
  private static final InetAddress B = ip("2001:db8::1");

  @Test
  void sourceGetsItsBurstThenNothingUntilTimePasses() {
    RateLimiter limiter = new RateLimiter(10, 3, 100);
    assertTrue(limiter.tryAcquire(A, 0));
    assertTrue(limiter.tryAcquire(A, 0));
    assertTrue(limiter.tryAcquire(A, 0));
    assertFalse(limiter.tryAcquire(A, 0), "burst of 3 spent");
    assertFalse(limiter.tryAcquire(A, SECOND / 20), "half a token after 50 ms at 10/s");
    assertTrue(limiter.tryAcquire(A, SECOND / 10), "one token after 100 ms");
    assertFalse(limiter.tryAcquire(A, SECOND / 10));
  }

  @Test
  void sourcesHaveSeparateBuckets() {
    RateLimiter limiter = new RateLimiter(1, 1, 100);
    assertTrue(limiter.tryAcquire(A, 0));
    assertFalse(limiter.tryAcquire(A, 0));
    assertTrue(limiter.tryAcquire(B, 0), "B is not punished for A");
  }

  @Test
  void bucketNeverHoldsMoreThanTheBurst() {
    RateLimiter limiter = new RateLimiter(100, 2, 100);
    assertTrue(limiter.tryAcquire(A, 0));
    long hourLater = 3600 * SECOND;
    assertTrue(limiter.tryAcquire(A, hourLater));
    assertTrue(limiter.tryAcquire(A, hourLater));
    assertFalse(limiter.tryAcquire(A, hourLater));
  }

  @Test
  void zeroRateMeansUnlimited() {
    RateLimiter limiter = new RateLimiter(0, 1, 1);
    for (int i = 0; i < 1000; i++) {
      assertTrue(limiter.tryAcquire(A, 0));
    }
    assertEquals(0, limiter.trackedSources());
  }

  @Test
  void fullTableEvictsIdleSourcesFirst() {
    RateLimiter limiter = new RateLimiter(1, 1, 2);
    assertTrue(limiter.tryAcquire(A, 0));
    assertTrue(limiter.tryAcquire(B, 0));
    InetAddress c = ip("198.51.100.1");
    // at 2 s A and B are full again, so idle: both go, C comes in
    assertTrue(limiter.tryAcquire(c, 2 * SECOND));
    assertEquals(1, limiter.trackedSources());
  }

  @Test
  void fullTableOfBusySourcesStartsOver() {
    RateLimiter limiter = new RateLimiter(1, 1, 2);
    assertTrue(limiter.tryAcquire(A, 0));
    assertTrue(limiter.tryAcquire(B, 0));
    assertTrue(limiter.tryAcquire(ip("198.51.100.1"), 0));
    assertEquals(1, limiter.trackedSources());
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, 1));
  }
}
