package io.baremetallb.controller;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reconcile pass asks of the loop: nothing more, a retry with backoff (something failed and
 * may succeed later), or another look after a fixed delay (for example an expiry).
 */
public record Result(Kind kind, Optional<Duration> after, String reason) {
  public enum Kind { DONE, RETRY, REQUEUE_AFTER }

  private static final Result DONE = new Result(Kind.DONE, Optional.empty(), "");

  public static Result done() {
    return DONE;
  }

  /** Retry with the key's exponential backoff; {@code reason} is logged. */
  public static Result retry(String reason) {
    return new Result(Kind.RETRY, Optional.empty(), reason);
  }

  public static Result requeueAfter(Duration d, String reason) {
    return new Result(Kind.REQUEUE_AFTER, Optional.of(d), reason);
  }
}
