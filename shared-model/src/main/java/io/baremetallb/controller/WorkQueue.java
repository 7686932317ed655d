package io.baremetallb.controller;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A work queue of keys with client-go's guarantees, so a level-based reconciler sees each key at
 * most once at a time and never loses a change:
 * <ul>
 *   <li>a key added many times before it is taken is processed once (deduplicated);</li>
 *   <li>a key added while it is being processed is taken again after {@link #done} (never twice
 *       concurrently);</li>
 *   <li>{@link #addRateLimited} re-adds a failed key after a per-key exponential backoff that
 *       {@link #forget} resets; {@link #addAfter} re-adds after a fixed delay.</li>
 * </ul>
 * Time comes from an {@link InstantSource}; {@link #take} waits on the monitor, so tests with a
 * fake clock call {@link #poll} instead and never sleep.
 */
public final class WorkQueue<K> {
  private final InstantSource clock;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ArrayDeque<K> ready = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final PriorityQueue<Delayed<K>> waiting = new PriorityQueue<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private long sequence;
  private boolean shutdown;

  private record Delayed<K>(Instant due, long seq, K key) implements Comparable<Delayed<K>> {
    @Override
    public int compareTo(Delayed<K> o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  public WorkQueue(InstantSource clock, Duration baseDelay, Duration maxDelay) {
    this.clock = clock;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /** A queue on the system clock with client-go's default backoff (5 ms doubling to 1000 s, capped here at 5 min). */
  public static <K> WorkQueue<K> withDefaults() {
    return new WorkQueue<>(InstantSource.system(), Duration.ofMillis(5), Duration.ofMinutes(5));
  }

  public synchronized void add(K key) {
    if (shutdown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      ready.addLast(key);
      notifyAll();
    }
  }

  public synchronized void addAfter(K key, Duration delay) {
    if (shutdown) {
      return;
    }
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    waiting.add(new Delayed<>(clock.instant().plus(delay), sequence++, key));
    notifyAll();
  }

  /** Re-adds after this key's backoff: base × 2^failures, capped. */
  public synchronized void addRateLimited(K key) {
    int n = failures.merge(key, 1, Integer::sum) - 1;
    addAfter(key, backoff(n));
  }

  /** The delay {@link #addRateLimited} uses after {@code previousFailures} failures. */
  public Duration backoff(int previousFailures) {
    if (previousFailures >= 40) {
      return maxDelay;
    }
    Duration d = baseDelay.multipliedBy(1L << Math.min(previousFailures, 40));
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  public synchronized void forget(K key) {
    failures.remove(key);
  }

  public synchronized int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  /** Takes the next key without waiting, after moving due delayed keys to the ready list. */
  public synchronized Optional<K> poll() {
    promoteDue();
    K key = ready.pollFirst();
    if (key == null) {
      return Optional.empty();
    }
    dirty.remove(key);
    processing.add(key);
    return Optional.of(key);
  }

  /** Waits for the next key; empty once the queue is shut down. */
  public synchronized Optional<K> take() throws InterruptedException {
    while (!shutdown) {
      Optional<K> k = poll();
      if (k.isPresent()) {
        return k;
      }
      Delayed<K> next = waiting.peek();
      if (next == null) {
        wait();
      } else {
        long ms = Duration.between(clock.instant(), next.due()).toMillis();
        if (ms > 0) {
          wait(ms);
        }
      }
    }
    return Optional.empty();
  }

  /** Marks a taken key finished; if it was added meanwhile, it becomes ready again. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      ready.addLast(key);
      notifyAll();
    }
  }

  public synchronized void shutDown() {
    shutdown = true;
    notifyAll();
  }

  public synchronized boolean isShutDown() {
    return shutdown;
  }

  /** Keys ready to be taken or being processed now (not those waiting out a retry delay): the queue is busy. */
  public synchronized int active() {
    return ready.size() + processing.size();
  }

  /** Keys ready or waiting (not those being processed). */
  public synchronized int length() {
    return ready.size() + waiting.size();
  }

  private void promoteDue() {
    Instant now = clock.instant();
    while (!waiting.isEmpty() && !waiting.peek().due().isAfter(now)) {
      K key = waiting.poll().key();
      if (dirty.add(key) && !processing.contains(key)) {
        ready.addLast(key);
      }
    }
  }
}
