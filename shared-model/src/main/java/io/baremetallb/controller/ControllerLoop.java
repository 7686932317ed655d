package io.baremetallb.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Worker threads that take keys from a {@link WorkQueue}, call the {@link Reconciler} and act on
 * its {@link Result}. {@link #processOne()} is the whole step, so tests drive it directly.
 */
public final class ControllerLoop<K> {
  private static final Logger LOG = Logger.getLogger(ControllerLoop.class.getName());

  private final String name;
  private final WorkQueue<K> queue;
  private final Reconciler<K> reconciler;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public ControllerLoop(String name, WorkQueue<K> queue, Reconciler<K> reconciler) {
    this.name = name;
    this.queue = queue;
    this.reconciler = reconciler;
  }

  /** Takes one ready key, if any, and reconciles it; returns whether there was one. */
  public boolean processOne() {
    Optional<K> key = queue.poll();
    key.ifPresent(this::handle);
    return key.isPresent();
  }

  private void handle(K key) {
    Result r = reconcileSafely(key);
    try {
      switch (r.kind()) {
        case DONE -> queue.forget(key);
        case RETRY -> {
          failures.incrementAndGet();
          LOG.fine(() -> "event=retry controller=" + name + " key=" + key + " reason=" + r.reason());
          queue.addRateLimited(key);
        }
        case REQUEUE_AFTER -> {
          queue.forget(key);
          queue.addAfter(key, r.after().orElseThrow());
        }
      }
    } finally {
      queue.done(key);
    }
  }

  private Result reconcileSafely(K key) {
    try {
      return reconciler.reconcile(key);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "event=reconcileThrew controller=" + name + " key=" + key, e);
      return Result.retry("reconciler threw " + e);
    } finally {
      passes.incrementAndGet();
    }
  }

  /** Starts {@code count} daemon workers that run until {@link #stop()}. */
  public synchronized void start(int count, ThreadFactory threads) {
    for (int i = 0; i < count; i++) {
      Thread t = threads.newThread(this::run);
      t.setName(name + "-worker-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void run() {
    try {
      while (true) {
        Optional<K> key = queue.take();
        if (key.isEmpty()) {
          return;
        }
        handle(key.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized void stop() {
    queue.shutDown();
    workers.forEach(Thread::interrupt);
  }

  /** True while every started worker is alive (for liveness). */
  public synchronized boolean workersAlive() {
    return !workers.isEmpty() && workers.stream().allMatch(Thread::isAlive);
  }

  public long passes() {
    return passes.get();
  }

  public long failures() {
    return failures.get();
  }
}
