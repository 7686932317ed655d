package io.baremetallb.announcer.bgp.bfd;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One BFD session in asynchronous mode (RFC 5880 §6), without echo or demand of our own: the
 * state variables of §6.8.1, the reception rules of §6.8.6 and the transmission rules of §6.8.7.
 * Pure: time comes from the clock, jitter from the random generator, and the results are
 * {@link BfdAction}s. Timers are deadlines; the driver calls {@link #fireDueTimers()} when
 * {@link #nextDeadline()} has passed.
 */
public final class BfdSession {
  /** §6.8.3: "bfd.DesiredMinTxInterval MUST be set to a value of not less than one second" until Up. */
  static final long SLOW_TX = 1_000_000;

  private final InstantSource clock;
  private final RandomGenerator random;
  private final int localDiscriminator;
  private BfdSessionConfig config;
  private BfdState state = BfdState.DOWN;
  private BfdState remoteState = BfdState.DOWN;
  private int remoteDiscriminator;
  private Diagnostic localDiag = Diagnostic.NONE;
  /** §6.8.1: "initialized to 1". */
  private long remoteMinRx = 1;
  private boolean remoteDemand;
  private int remoteDetectMult;
  private long remoteDesiredMinTx;
  /** The Desired Min TX that paces our packets; lags the advertised one during a Poll (§6.8.3). */
  private long txInUse;
  /** The Required Min RX that the detection time uses; lags the advertised one during a Poll. */
  private long rxInUse;
  private boolean polling;
  private Instant nextTransmit;
  private Instant detectionDeadline;

  public BfdSession(BfdSessionConfig config, int localDiscriminator, InstantSource clock, RandomGenerator random) {
    if (localDiscriminator == 0) {
      throw new IllegalArgumentException("bfd.LocalDiscr must be nonzero (RFC 5880 §6.8.1)");
    }
    this.config = config;
    this.localDiscriminator = localDiscriminator;
    this.clock = clock;
    this.random = random;
    this.txInUse = advertisedTx();
    this.rxInUse = config.requiredMinRx();
    this.nextTransmit = canTransmit() ? clock.instant() : null;
  }

  public BfdState state() {
    return state;
  }

  public BfdState remoteState() {
    return remoteState;
  }

  public Diagnostic localDiag() {
    return localDiag;
  }

  public int localDiscriminator() {
    return localDiscriminator;
  }

  public int remoteDiscriminator() {
    return remoteDiscriminator;
  }

  public BfdSessionConfig config() {
    return config;
  }

  /** True while a Poll Sequence we started waits for its Final. */
  public boolean polling() {
    return polling;
  }

  /** The detection time (§6.8.4) now; zero until the peer has been heard. */
  public Duration detectionTime() {
    return micros((long) remoteDetectMult * Math.max(rxInUse, remoteDesiredMinTx));
  }

  /** The interval our packets are paced at before jitter (§6.8.7). */
  public Duration transmitInterval() {
    return micros(Math.max(txInUse, remoteMinRx));
  }

  /** The earliest moment {@link #fireDueTimers()} has work: a packet to send or a detection deadline. */
  public Optional<Instant> nextDeadline() {
    if (nextTransmit == null) {
      return Optional.ofNullable(detectionDeadline);
    }
    if (detectionDeadline == null || nextTransmit.isBefore(detectionDeadline)) {
      return Optional.of(nextTransmit);
    }
    return Optional.of(detectionDeadline);
  }

  /** A packet from the peer that passed the codec and the demultiplexer (§6.8.6, from "If the A bit"). */
  public List<BfdAction> receive(ControlPacket p) {
    List<BfdAction> out = new ArrayList<>();
    if (p.authentication().isPresent()) {
      out.add(new BfdAction.Discard(DropReason.AUTHENTICATION_NOT_IN_USE));
      return out;
    }
    remoteDiscriminator = p.myDiscriminator();
    remoteState = p.state();
    remoteDemand = p.demand();
    remoteMinRx = p.requiredMinRx();
    remoteDetectMult = p.detectMult();
    remoteDesiredMinTx = p.desiredMinTx();
    if (polling && p.fin()) {
      polling = false;
      txInUse = advertisedTx();
      rxInUse = config.requiredMinRx();
    }
    if (state == BfdState.ADMIN_DOWN) {
      out.add(new BfdAction.Discard(DropReason.SESSION_ADMIN_DOWN));
      return out;
    }
    if (p.state() == BfdState.ADMIN_DOWN) {
      if (state != BfdState.DOWN) {
        enter(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, out);
      }
    } else if (state == BfdState.DOWN) {
      if (p.state() == BfdState.DOWN) {
        enter(BfdState.INIT, Diagnostic.NONE, out);
      } else if (p.state() == BfdState.INIT) {
        enter(BfdState.UP, Diagnostic.NONE, out);
      }
    } else if (state == BfdState.INIT) {
      if (p.state() == BfdState.INIT || p.state() == BfdState.UP) {
        enter(BfdState.UP, Diagnostic.NONE, out);
      }
    } else if (p.state() == BfdState.DOWN) {
      enter(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN, out);
    }
    Instant now = clock.instant();
    if (p.poll()) {
      // §6.8.7: answer a Poll at once, "without respect to the transmission timer"
      out.add(new BfdAction.Send(packet(true)));
    }
    detectionDeadline = now.plus(detectionTime());
    reschedule(now);
    return out;
  }

  /** Sends the packets that are due and declares the session Down when the peer fell silent. */
  public List<BfdAction> fireDueTimers() {
    List<BfdAction> out = new ArrayList<>();
    Instant now = clock.instant();
    if (detectionDeadline != null && !now.isBefore(detectionDeadline)) {
      detectionDeadline = null;
      // §6.8.1: bfd.RemoteDiscr is zeroed when the peer was not heard for a detection time
      remoteDiscriminator = 0;
      if (state == BfdState.INIT || state == BfdState.UP) {
        enter(BfdState.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, out);
      }
    }
    if (nextTransmit != null && !now.isBefore(nextTransmit)) {
      if (canTransmit()) {
        out.add(new BfdAction.Send(packet(false)));
        nextTransmit = now.plus(jittered());
      } else {
        nextTransmit = null;
      }
    }
    return out;
  }

  /** §6.8.16: the operator (or our shutdown) takes the session down; the peer is told so. */
  public List<BfdAction> adminDown() {
    List<BfdAction> out = new ArrayList<>();
    if (state != BfdState.ADMIN_DOWN) {
      enter(BfdState.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN, out);
      detectionDeadline = null;
      if (remoteDiscriminator != 0) {
        out.add(new BfdAction.Send(packet(false)));
      }
    }
    return out;
  }

  /** Leaves AdminDown for Down; the session then comes up as any new one. */
  public List<BfdAction> adminUp() {
    List<BfdAction> out = new ArrayList<>();
    if (state == BfdState.ADMIN_DOWN) {
      enter(BfdState.DOWN, Diagnostic.NONE, out);
      reschedule(clock.instant());
    }
    return out;
  }

  /**
   * New timers from a changed BFDProfile. While Up a Poll Sequence carries them (§6.8.3): a
   * slower transmission and a faster detection wait for the Final; the other directions act now.
   */
  public void reconfigure(BfdSessionConfig next) {
    long oldTx = advertisedTx();
    long oldRx = config.requiredMinRx();
    config = next;
    if (state == BfdState.UP && (advertisedTx() != oldTx || next.requiredMinRx() != oldRx)) {
      polling = true;
      if (advertisedTx() < oldTx) {
        txInUse = advertisedTx();
      }
      if (next.requiredMinRx() > oldRx) {
        rxInUse = next.requiredMinRx();
      }
    } else if (state != BfdState.UP) {
      txInUse = advertisedTx();
      rxInUse = next.requiredMinRx();
    }
    reschedule(clock.instant());
  }

  /** The packet we would send now (§6.8.7), {@code fin} set when it answers a Poll. */
  public ControlPacket packet(boolean fin) {
    return new ControlPacket(localDiag, state, polling && !fin, fin, false, false, config.detectMult(),
        localDiscriminator, remoteDiscriminator, advertisedTx(), config.requiredMinRx(), 0, Optional.empty());
  }

  /**
   * The one place that changes bfd.SessionState. Entering Up drops the 1 s slow rate, a change of
   * Desired Min TX that a Poll Sequence announces; leaving Up returns to it at once.
   */
  private void enter(BfdState next, Diagnostic diag, List<BfdAction> out) {
    BfdState from = state;
    state = next;
    localDiag = diag;
    if (next == BfdState.UP) {
      long slow = Math.max(SLOW_TX, config.desiredMinTx());
      polling = advertisedTx() != slow || polling;
      txInUse = Math.min(txInUse, advertisedTx());
    } else {
      polling = false;
      txInUse = advertisedTx();
      rxInUse = config.requiredMinRx();
    }
    out.add(new BfdAction.StateChange(from, next, diag));
  }

  private long advertisedTx() {
    return state == BfdState.UP ? config.desiredMinTx() : Math.max(SLOW_TX, config.desiredMinTx());
  }

  /** §6.8.7: when we may send at all. */
  private boolean canTransmit() {
    if (config.passive() && remoteDiscriminator == 0) {
      return false; // the Passive role waits until the peer's discriminator is known
    }
    if (remoteMinRx == 0) {
      return false; // the peer asked for no packets
    }
    // the peer runs demand mode while both are Up
    return !(remoteDemand && state == BfdState.UP && remoteState == BfdState.UP);
  }

  /** Starts or pulls in the transmit schedule after a change that allows or speeds it up. */
  private void reschedule(Instant now) {
    if (!canTransmit()) {
      return;
    }
    Instant soonest = now.plus(jittered());
    if (nextTransmit == null) {
      nextTransmit = now;
    } else if (soonest.isBefore(nextTransmit)) {
      nextTransmit = soonest;
    }
  }

  /** §6.8.7: the interval less 0–25 % jitter; with Detect Mult 1, between 75 and 90 % of it. */
  private Duration jittered() {
    long interval = Math.max(txInUse, remoteMinRx);
    double keep = config.detectMult() == 1 ? random.nextDouble(0.75, 0.90) : random.nextDouble(0.75, 1.0);
    return micros((long) (interval * keep));
  }

  private static Duration micros(long us) {
    return Duration.ofNanos(us * 1000);
  }
}
