package io.baremetallb.controller;

/**
 * Level-based reconciliation of one key: read the current state of the world (from caches),
 * make it so, and say whether to look again. Must not throw; the loop treats a thrown exception
 * as {@link Result#retry} all the same so one bad object never stops the others.
 */
@FunctionalInterface
public interface Reconciler<K> {
  Result reconcile(K key);
}
