package io.baremetallb.ipam.k8s;

import io.baremetallb.controller.Reconciler;
import io.baremetallb.controller.Result;
import io.baremetallb.ip.IpAddress;
import io.baremetallb.ip.IpFormatException;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.core.ReservationResult;
import io.baremetallb.ipam.core.ReservationResult.Done;
import io.baremetallb.ipam.core.ReservationResult.Refused;
import io.baremetallb.ipam.k8s.ServiceStatusWriter.WriteException;
import io.kubernetes.client.informer.cache.Lister;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Level-based reconciliation of one IPReservation (by name, in the controller's namespace): make
 * the allocator hold what the reservation asks for, and its status say so. Specific addresses are
 * reserved as given; {@code count} addresses are picked by the allocator once and written to the
 * status, and from then on the status is what is held, so a restart or another leader holds exactly
 * the same ones. Deletion releases; at {@code expiresAt} the reservation is released, marked
 * Expired and deleted.
 */
public final class ReservationReconciler implements Reconciler<String> {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
      ReservationReconciler.class.getName());
  /** A reservation that could not be made is tried again this often (its addresses may have been freed). */
  static final Duration RETRY_FAILED = Duration.ofSeconds(30);

  private final Lister<IpReservation> reservations;
  private final Allocator allocator;
  private final Object allocatorLock;
  private final ReservationWriter writer;
  private final InstantSource clock;
  private final Runnable released;

  /**
   * @param reservations the informer's cache, already narrowed to the controller's namespace
   * @param released called after addresses went back to their pools (Services waiting for one may now get it)
   */
  public ReservationReconciler(Lister<IpReservation> reservations, Allocator allocator, Object allocatorLock,
      ReservationWriter writer, InstantSource clock, Runnable released) {
    this.reservations = reservations;
    this.allocator = allocator;
    this.allocatorLock = allocatorLock;
    this.writer = writer;
    this.clock = clock;
    this.released = released;
  }

  @Override
  public Result reconcile(String name) {
    IpReservation r = reservations.get(name);
    if (r == null || r.getMetadata().getDeletionTimestamp() != null) {
      release(name);
      return Result.done();
    }
    Instant expires;
    try {
      expires = expiresAt(r).orElse(null);
    } catch (InvalidSpec e) {
      return fail(r, name, "InvalidSpec", e.getMessage(), false);
    }
    Instant now = clock.instant();
    if (expires != null && !now.isBefore(expires)) {
      return expire(r, name);
    }
    Result result = hold(r, name);
    if (expires != null && result.kind() == Result.Kind.DONE) {
      return Result.requeueAfter(Duration.between(now, expires), "expires at " + expires);
    }
    return result;
  }

  private Result hold(IpReservation r, String name) {
    List<IpAddress> wanted;
    try {
      wanted = checkedSpec(r);
    } catch (InvalidSpec e) {
      return fail(r, name, "InvalidSpec", e.getMessage(), false);
    }
    ReservationResult outcome;
    boolean fresh;
    synchronized (allocatorLock) {
      List<IpAddress> held = allocator.reservations().get(name);
      fresh = held == null || !fits(held, wanted, r.getSpec());
      if (fresh && held != null) {
        allocator.unreserveAll(name);
      }
      outcome = !fresh ? new Done(name, held) : reserve(r, name, wanted);
    }
    if (outcome instanceof Refused no) {
      return fail(r, name, no.reason().condition(), no.message(), true);
    }
    List<IpAddress> ips = ((Done) outcome).ips();
    try {
      writeIfChanged(r, status("Bound", ips, "True", "AddressesHeld", "holding " + join(ips)));
    } catch (WriteException e) {
      if (fresh) {
        synchronized (allocatorLock) {
          allocator.unreserveAll(name); // the cluster does not show them: hold nothing rather than a guess
        }
      }
      return writeFailed(name, e);
    }
    return Result.done();
  }

  private static Result writeFailed(String name, WriteException e) {
    // a conflict is normal (the informer is behind): retried from fresh state without noise
    if (!e.conflict()) {
      LOG.warning("event=reservationWriteFailed name=" + name + " error=\"" + e.getMessage() + "\"");
    }
    return Result.retry("IPReservation " + name + ": " + e.getMessage());
  }

  /** What to reserve: the spec's addresses, else the addresses an earlier pick wrote to the status, else a new pick. */
  private ReservationResult reserve(IpReservation r, String name, List<IpAddress> wanted) {
    if (!wanted.isEmpty()) {
      return allocator.reserve(name, r.getSpec().pool, wanted);
    }
    List<IpAddress> picked = boundAddresses(r);
    if (picked.size() == r.getSpec().count) {
      return allocator.reserve(name, r.getSpec().pool, picked);
    }
    return allocator.reserveFree(name, r.getSpec().pool, r.getSpec().count);
  }

  /** Whether what is held still answers the spec (it changed if not). */
  private static boolean fits(List<IpAddress> held, List<IpAddress> wanted, IpReservation.Spec spec) {
    return wanted.isEmpty() ? held.size() == spec.count : new HashSet<>(held).equals(new HashSet<>(wanted));
  }

  private Result expire(IpReservation r, String name) {
    release(name);
    try {
      writeIfChanged(r, status("Expired", List.of(), "False", "Expired", "expired at " + r.getSpec().expiresAt
          + "; deleting it"));
      writer.delete(r);
    } catch (WriteException e) {
      return writeFailed(name, e);
    }
    return Result.done();
  }

  private Result fail(IpReservation r, String name, String reason, String message, boolean retryLater) {
    release(name);
    try {
      writeIfChanged(r, status("Failed", List.of(), "False", reason, message));
    } catch (WriteException e) {
      return writeFailed(name, e);
    }
    return retryLater ? Result.requeueAfter(RETRY_FAILED, reason) : Result.done();
  }

  private void release(String name) {
    boolean any;
    synchronized (allocatorLock) {
      any = allocator.unreserveAll(name);
    }
    if (any) {
      released.run();
    }
  }

  /** Writes {@code next} unless the status already says the same; a Ready condition keeps its transition time. */
  private void writeIfChanged(IpReservation r, IpReservation.Status next) throws WriteException {
    IpReservation.Status cur = r.getStatus();
    IpReservation.Condition was = cur == null ? null : cur.ready();
    IpReservation.Condition now = next.ready();
    now.observedGeneration = r.getMetadata().getGeneration();
    if (was != null && Objects.equals(was.status, now.status)) {
      now.lastTransitionTime = was.lastTransitionTime;
    }
    if (cur != null && Objects.equals(cur.phase, next.phase) && Objects.equals(cur.addresses, next.addresses)
        && was != null && Objects.equals(was.reason, now.reason) && Objects.equals(was.message, now.message)
        && Objects.equals(was.observedGeneration, now.observedGeneration)) {
      return;
    }
    writer.writeStatus(r, next);
  }

  private IpReservation.Status status(String phase, List<IpAddress> ips, String ready, String reason, String message) {
    IpReservation.Condition c = new IpReservation.Condition();
    c.type = "Ready";
    c.status = ready;
    c.reason = reason;
    c.message = message;
    c.lastTransitionTime = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
        .withNano(0).toString();
    IpReservation.Status s = new IpReservation.Status();
    s.phase = phase;
    s.addresses = ips.isEmpty() ? null : ips.stream().map(IpAddress::toString).toList();
    s.conditions = List.of(c);
    return s;
  }

  // ---- reading the CR ----

  /** The spec's problem, naming the field. */
  static final class InvalidSpec extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSpec(String message) {
      super(message, null, false, false);
    }
  }

  /** The spec's addresses (empty when it asks for a count); throws when the spec is unusable. */
  static List<IpAddress> checkedSpec(IpReservation r) throws InvalidSpec {
    IpReservation.Spec s = r.getSpec();
    if (s == null || s.pool == null || s.pool.isBlank()) {
      throw new InvalidSpec("spec.pool: Required value");
    }
    boolean hasAddresses = s.addresses != null && !s.addresses.isEmpty();
    if (hasAddresses == (s.count != null)) {
      throw new InvalidSpec("spec: set exactly one of addresses and count");
    }
    if (s.count != null && s.count < 1) {
      throw new InvalidSpec("spec.count: must be at least 1, is " + s.count);
    }
    return hasAddresses ? parse(s.addresses, "spec.addresses") : List.of();
  }

  /** {@code spec.expiresAt}, if set. */
  static Optional<Instant> expiresAt(IpReservation r) throws InvalidSpec {
    String at = r.getSpec() == null ? null : r.getSpec().expiresAt;
    if (at == null || at.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(at).toInstant());
    } catch (DateTimeParseException e) {
      throw new InvalidSpec("spec.expiresAt: \"" + at + "\" is not an RFC 3339 date-time");
    }
  }

  /** What a Bound status holds; empty for any other phase or unparsable addresses. */
  static List<IpAddress> boundAddresses(IpReservation r) {
    IpReservation.Status s = r.getStatus();
    if (s == null || !"Bound".equals(s.phase) || s.addresses == null) {
      return List.of();
    }
    try {
      return parse(s.addresses, "status.addresses");
    } catch (InvalidSpec e) {
      return List.of();
    }
  }

  private static List<IpAddress> parse(List<String> texts, String field) throws InvalidSpec {
    List<IpAddress> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(IpAddress.parse(texts.get(i)));
      } catch (IpFormatException e) {
        throw new InvalidSpec(field + "[" + i + "]: \"" + texts.get(i) + "\" is not an IP address");
      }
    }
    return out;
  }

  private static String join(List<IpAddress> ips) {
    return String.join(",", ips.stream().map(IpAddress::toString).toList());
  }
}
