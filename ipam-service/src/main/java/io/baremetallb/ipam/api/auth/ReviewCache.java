package io.baremetallb.ipam.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small cache of review answers (TokenReview, SubjectAccessReview), so that a client calling the
 * API in a loop does not cost two API-server round trips per request. Bounded twice: an entry lives
 * {@code ttl} (a revoked token or a removed role binding takes effect within it), and at most
 * {@code capacity} entries are kept, the least recently used going first. Thread-safe.
 */
public final class ReviewCache<K, V> {
  private record Entry<V>(V value, Instant expires) {
  }

  private final int capacity;
  private final Duration ttl;
  private final InstantSource clock;
  private final LinkedHashMap<K, Entry<V>> entries;

  public ReviewCache(int capacity, Duration ttl, InstantSource clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, is " + capacity);
    }
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > ReviewCache.this.capacity;
      }
    };
  }

  /** The cached answer for {@code key}, unless it has expired. */
  public synchronized Optional<V> get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  public synchronized void put(K key, V value) {
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }

  public synchronized int size() {
    return entries.size();
  }
}
