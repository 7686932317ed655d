package io.baremetallb.announcer.membership;

import io.baremetallb.announcer.core.IpDemand;
import io.baremetallb.announcer.core.L2Plan;
import io.baremetallb.announcer.core.L2Planner;
import io.baremetallb.announcer.core.NodeView;
import io.baremetallb.announcer.membership.AgreementMessage.Adopted;
import io.baremetallb.announcer.membership.AgreementMessage.Lease;
import io.baremetallb.announcer.membership.AgreementMessage.Plan;
import io.baremetallb.announcer.membership.AgreementMessage.Report;
import io.baremetallb.ip.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How the announcers agree on one owner per layer-2 IP; pure (no I/O, no clock, not thread-safe):
 * fed with view changes, received messages, input changes and ticks, it returns the messages to send
 * and the IPs this node must answer for. The protocol is written down in docs/membership.md:
 *
 * <ul>
 *   <li>Only the coordinator (first member) of a view with quorum computes plans, with
 *       {@link L2Planner}, from the newest plan it knows as the previous owners (stickiness), and
 *       multicasts them with an epoch one above that plan's.</li>
 *   <li>When the coordinator changes or views merge, every member first reports its last plan to
 *       the coordinator, which publishes only when all members reported (or, after the report
 *       timeout, a majority of the known announcers): so a formerly isolated node that becomes
 *       coordinator continues from the majority's newest plan, not from its stale one. A report
 *       that arrives before the view it was sent in is kept for that view. An IP the base plan
 *       lacks sticks to its owner in a reported plan, or to its owner before a plan dropped it.</li>
 *   <li>A member adopts a plan only from its current coordinator and only if newer than its own
 *       and not a fork of it (same epoch, other author); otherwise it answers with a Report so the
 *       coordinator catches up, and a coordinator replans above a reported fork.</li>
 *   <li>A member in a view without quorum owns nothing at once and forgets that its plan was
 *       current: it answers again only after a plan from a coordinator of a quorum view.</li>
 *   <li>A member answers only while its lease is fresh: the plan or a {@link Lease} renewal from its
 *       coordinator arrived less than {@code lease} ago. A member that the others excluded (say
 *       after a false suspicion) may never see the view without it; the renewals stop reaching
 *       it, and it stops answering.</li>
 *   <li>Handover: an IP a node gains with a plan is answered for only once every other member of
 *       its view has said it adopted that plan ({@link Adopted}), or a lease after the node adopted
 *       it: until then its old owner may still answer for it.</li>
 * </ul>
 */
public final class Agreement {

  /** What the planner needs from Kubernetes: the demands, the nodes, how many announcers exist. */
  public record Inputs(Collection<IpDemand> demands, Map<String, NodeView> nodes, int knownAnnouncers) {
    public static final Inputs NONE = new Inputs(List.of(), Map.of(), 0);

    public Inputs {
      demands = List.copyOf(demands);
      nodes = Map.copyOf(nodes);
    }
  }

  /** A message to send: to one member, or to all when {@code to} is empty. */
  public record Send(Optional<String> to, AgreementMessage message) {
  }

  /**
   * The result of one event.
   *
   * @param sends messages to send, in order
   * @param owned the IPs this node must answer for from now on
   * @param deadline when {@link #tick} must be called, if at all
   */
  public record Step(List<Send> sends, SortedSet<IpAddress> owned, Optional<Instant> deadline) {
    public Step {
      sends = List.copyOf(sends);
      owned = new TreeSet<>(owned);
    }
  }

  private final String self;
  private final boolean requireQuorum;
  private final Duration reportTimeout;
  private final Duration lease;
  private final Duration renewEvery;

  private List<String> view = List.of();
  private Inputs inputs = Inputs.NONE;
  private Plan latest = Plan.NONE;
  /**
   * The last owner of each IP that a newer plan dropped (its Service went away, or this node's
   * inputs lagged behind the author's), the most recent {@link #DROPPED_KEPT}: an IP that comes
   * back goes to that owner if it is still eligible, which may not yet have heard that it was
   * dropped, rather than to a second node that would answer beside it.
   */
  private final Map<IpAddress, String> dropped = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<IpAddress, String> eldest) {
      return size() > DROPPED_KEPT;
    }
  };
  static final int DROPPED_KEPT = 4096;
  /** False after a view without quorum, until a plan is adopted again. */
  private boolean planCurrent;
  private L2Plan computed = L2Plan.empty();
  /**
   * Reports that arrived before the view they were sent in: from outside this node's view, while it
   * coordinated no quorum view, or from a member whose report the current view does not explain (no
   * report round awaits it). JGroups installs a view on each member in its own time, so a member's
   * report can reach its new coordinator first. Used by the next view change, then dropped.
   */
  private final Map<String, Report> earlyReports = new HashMap<>();
  /** Coordinator only: members whose report we still wait for before publishing, or null. */
  private Set<String> awaiting;
  /**
   * Coordinator only, during a report round: the plans reported (early or not). Who reported, itself
   * included, is the view less {@link #awaiting}.
   */
  private final List<Plan> roundReports = new ArrayList<>();
  /**
   * Coordinator: whether {@link #latest} is a current plan, one its holder adopted in a view with
   * quorum and has not lost quorum since (ours: {@link #planCurrent}; a member's: its Report says).
   * Only a current plan is answered for; a plan that is not current never becomes the base of the
   * next one while a current one is known (see {@link #consider}).
   */
  private boolean latestCurrent;
  /** Coordinator: the highest epoch reported to it; its next plan's epoch is above it. */
  private long epochFloor;
  private Instant deadline;
  private Instant now = Instant.EPOCH;
  /** Member: answers until then. */
  private Instant leaseUntil = Instant.EPOCH;

  /**
   * Until when this node may answer for what it owns without hearing from its coordinator again;
   * empty while it is the coordinator itself outside a report round (it answers as long as its
   * view has quorum).
   */
  public Optional<Instant> answerDeadline() {
    return leaseFree() ? Optional.empty() : Optional.of(leaseUntil);
  }

  /**
   * Whether this node answers without a lease: as the coordinator, except while it waits for
   * reports. A node that has just become coordinator may have done so in a view JGroups showed it
   * on the cut-off side of a partition, holding others that never see that view; until their
   * reports come, it answers only on the lease it held as a member, which its own view does not
   * renew (CI, 2026-12-07: a cut-off member took over in such a view and answered for 160 ms after
   * the others had taken its IPs).
   */
  private boolean leaseFree() {
    return isCoordinator() && awaiting == null;
  }
  /** Coordinator: next lease renewal. */
  private Instant nextRenew = Instant.EPOCH;
  /**
   * Handover: the IPs this node owns under {@link #latest} but does not answer for yet. It gained
   * them with that plan, and another member may still answer for them by an older one. They are
   * answered for once every other member of the view (the plan's author aside) said it adopted
   * {@link #latest}, or at {@link #handoverUntil}: a lease after this node adopted it, when a member
   * still on an older plan has stopped answering because its lease ran out.
   */
  private Set<IpAddress> handover = Set.of();
  private Instant handoverUntil = Instant.EPOCH;
  /** The plan each member last said it adopted. */
  private final Map<String, Adopted> adopted = new HashMap<>();

  /**
   * @param self this node's name (its member name)
   * @param requireQuorum split-brain protection; false only for two-node clusters
   * @param reportTimeout how long a new coordinator waits for members' reports
   * @param lease how long a member answers after its coordinator's last plan or renewal; the
   *     coordinator renews every quarter of it
   */
  public Agreement(String self, boolean requireQuorum, Duration reportTimeout, Duration lease) {
    this.self = self;
    this.requireQuorum = requireQuorum;
    this.reportTimeout = reportTimeout;
    this.lease = lease;
    this.renewEvery = lease.dividedBy(4);
  }

  /** A new view: members in JGroups order (the first is the coordinator). */
  public Step viewChanged(List<String> members, boolean merge, Instant now) {
    this.now = now;
    String oldCoordinator = coordinator();
    boolean hadQuorum = hasQuorum();
    boolean joined = !view.containsAll(members);
    view = List.copyOf(members);
    boolean tookOver = coordinator().equals(self) && !oldCoordinator.equals(self);
    if (planCurrent && !tookOver) {
      leaseUntil = now.plus(lease); // a view from our coordinator that holds us is as good as a renewal
    }
    boolean resync = merge || !coordinator().equals(oldCoordinator) || !hadQuorum;
    adopted.keySet().retainAll(view);
    List<Send> sends = new ArrayList<>();
    if (joined && planCurrent && !latest.author().equals(self)) {
      // the members new to this view did not get our Adopted, sent in an earlier one
      sends.add(new Send(Optional.empty(), new Adopted(latest.epoch(), latest.author())));
    }
    Step step = enter(resync, now);
    earlyReports.clear();
    endHandoverIfAdopted();
    sends.addAll(step.sends());
    return step(sends);
  }

  public Step inputsChanged(Inputs next, Instant now) {
    this.now = now;
    boolean hadQuorum = hasQuorum();
    inputs = next;
    if (!hasQuorum() || !hadQuorum) {
      return enter(true, now);
    }
    if (awaiting != null && reportsSuffice()) {
      return step(publish(plan(latest))); // fewer announcers are known: the reports in hand are a majority
    }
    if (isCoordinator() && awaiting == null) {
      L2Plan p = plan(latest);
      computed = p;
      if (!p.owners().equals(latest.owners())) {
        return step(publish(p));
      }
    }
    return step(List.of());
  }

  public Step received(String from, AgreementMessage m, Instant now) {
    this.now = now;
    if (from.equals(self)) {
      return step(List.of());
    }
    if (m instanceof Report r) {
      return reportReceived(from, r);
    }
    if (m instanceof Adopted a) {
      adopted.put(from, a);
      endHandoverIfAdopted();
      return step(List.of());
    }
    if (!hasQuorum()) {
      return step(List.of());
    }
    if (!from.equals(coordinator())) {
      return step(List.of()); // from a coordinator of an earlier view: superseded
    }
    if (m instanceof Lease l) {
      return leaseReceived(from, l);
    }
    Plan p = (Plan) m;
    if (!p.isNewerThan(latest) || forks(p, latest)) {
      return step(List.of(new Send(Optional.of(from), new Report(latest, planCurrent))));
    }
    take(p);
    planCurrent = true;
    leaseUntil = now.plus(lease);
    return step(List.of(new Send(Optional.empty(), new Adopted(p.epoch(), p.author()))));
  }

  /**
   * Makes {@code next} the newest plan and holds back what this node gains with it over what it
   * answered for just before: see {@link #handover}.
   */
  private void take(Plan next) {
    Set<IpAddress> answering = owned();
    setLatest(next);
    Set<IpAddress> gained = latest.ownedBy(self);
    gained.removeAll(answering);
    handover = gained;
    handoverUntil = now.plus(lease);
    endHandoverIfAdopted();
  }

  /** Ends the handover once every other member of the view, the plan's author aside, adopted the plan. */
  private void endHandoverIfAdopted() {
    if (handover.isEmpty()) {
      return;
    }
    for (String m : view) {
      Adopted word = adopted.get(m);
      if (!m.equals(self) && !m.equals(latest.author()) && !(word != null && latest.isNamed(word.epoch(), word.author()))) {
        return;
      }
    }
    handover = Set.of();
  }

  private Step leaseReceived(String from, Lease l) {
    if (latest.isNamed(l.epoch(), l.author())) {
      if (planCurrent) {
        leaseUntil = now.plus(lease);
      }
      return step(List.of());
    }
    if (new Plan(l.epoch(), l.author(), latest.owners()).isNewerThan(latest)) {
      return step(List.of(new Send(Optional.of(from), new Report(latest, planCurrent)))); // we missed a plan
    }
    return step(List.of());
  }

  /**
   * Publishes after the report timeout (once a majority reported), renews leases, or just
   * re-evaluates an expired lease.
   */
  public Step tick(Instant now) {
    this.now = now;
    if (!handover.isEmpty() && !now.isBefore(handoverUntil)) {
      handover = Set.of(); // members still on an older plan have let their leases run out
    }
    if (awaiting != null && !now.isBefore(deadline)) {
      return reportsSuffice() ? step(publish(plan(latest))) : step(List.of());
    }
    if (renewing() && !now.isBefore(nextRenew)) {
      nextRenew = now.plus(renewEvery);
      leaseUntil = now.plus(lease); // ours too, for a report round of a later view
      return step(List.of(new Send(Optional.empty(), new Lease(latest.epoch(), latest.author()))));
    }
    return step(List.of());
  }

  private boolean renewing() {
    return isCoordinator() && hasQuorum() && awaiting == null && planCurrent && latest.author().equals(self);
  }

  private Step reportReceived(String from, Report report) {
    if (!isCoordinator() || !hasQuorum() || !view.contains(from)) {
      earlyReports.put(from, report);
      return step(List.of());
    }
    if (awaiting == null || !awaiting.contains(from)) {
      earlyReports.put(from, report); // and it counts now as well
    }
    Plan last = report.last();
    if (awaiting != null) {
      awaiting.remove(from);
      considerInRound(report);
      return reportsSuffice() ? step(publish(plan(latest))) : step(List.of());
    }
    boolean newer = consider(report);
    if (newer || !latest.isNewerThan(last)) {
      return step(publish(plan(latest))); // a new base, or the member cannot adopt ours: a plan above both
    }
    return latest.author().equals(self)
        ? step(List.of(new Send(Optional.of(from), latest))) // it missed our plan
        : step(List.of());
  }

  /**
   * A reported plan becomes the base of the next one (and counts for stickiness) when it is
   * current and either newer than ours, or forks ours (the same epoch by another author), or ours
   * is not current. A fork of two current plans: two coordinators planned from the same epoch, one
   * without the newest plan (it had reached fewer than a majority when the views split); the one
   * the reporting member holds was answered for, so the next plan continues from it, above both.
   * A plan that is not current (its holder lost quorum since it adopted it, and answers for
   * nothing) becomes the base only when ours is not current either and it is newer: JGroups may
   * show a cut-off coordinator a view that still holds one node of the majority for a moment, which
   * makes a quorum, and the plan it publishes then reaches only the cut-off side. Its epoch can
   * equal the majority's, and its author can sort after theirs; taken as the base, it gave the IPs
   * back to the cut-off nodes after the merge (CI, 2026-12-07). Every reported epoch raises
   * {@link #epochFloor}, so that the next plan is newer than every plan a member holds.
   */
  /** {@link #consider} a report of this round; a current one also counts for stickiness ({@link #previousOwners}). */
  private void considerInRound(Report report) {
    consider(report);
    if (report.current()) {
      roundReports.add(report.last()); // a plan that is not current is answered by nobody
    }
  }

  private boolean consider(Report report) {
    Plan reported = report.last();
    epochFloor = Math.max(epochFloor, reported.epoch());
    boolean base = report.current()
        ? !latestCurrent || reported.isNewerThan(latest) || forks(reported, latest)
        : !latestCurrent && reported.isNewerThan(latest);
    if (base) {
      take(reported);
      latestCurrent = report.current();
    }
    return base;
  }

  /**
   * A report round ends when every member reported, or after the report timeout once a majority of
   * the known announcers did (this node included). The majority is what makes the timeout safe: the
   * newest plan a majority held when the views split is in at least one of those reports, so a
   * formerly isolated coordinator does not plan from its stale plan alone. Members that do not
   * report are dead or cut off, and the next view ends the round.
   */
  private boolean reportsSuffice() {
    if (awaiting.isEmpty()) {
      return true;
    }
    boolean timedOut = !now.isBefore(deadline);
    int reported = view.size() - awaiting.size();
    return timedOut && (!requireQuorum || reported * 2 > inputs.knownAnnouncers());
  }

  private static boolean forks(Plan a, Plan b) {
    return a.epoch() == b.epoch() && !a.author().equals(b.author());
  }

  /** Acts on a view or quorum change; {@code resync}: collect reports before publishing. */
  private Step enter(boolean resync, Instant now) {
    awaiting = null;
    if (!hasQuorum()) {
      planCurrent = false;
      return step(List.of());
    }
    if (!isCoordinator()) {
      return step(resync ? List.of(new Send(Optional.of(coordinator()), new Report(latest, planCurrent))) : List.of());
    }
    Set<String> others = new HashSet<>(view);
    others.remove(self);
    roundReports.clear();
    latestCurrent = planCurrent;
    earlyReports.forEach((from, report) -> {
      if (others.remove(from)) {
        considerInRound(report);
      }
    });
    if (resync && !others.isEmpty()) {
      awaiting = others;
      deadline = now.plus(reportTimeout);
      return step(List.of());
    }
    return step(publish(plan(latest)));
  }

  private L2Plan plan(Plan base) {
    return L2Planner.plan(inputs.demands(), inputs.nodes(), membership(), previousOwners(base));
  }

  /**
   * The owners to stick to: the base plan's; for an IP it lacks, its owner in the newest plan
   * reported in this round that has it; else its last owner before a plan dropped it. Such a member
   * may still answer for it (it had not heard of the plan that dropped it, or this node's inputs
   * are behind theirs), so it keeps it rather than a second node starting to answer beside it.
   */
  private Map<IpAddress, String> previousOwners(Plan base) {
    if (roundReports.isEmpty() && dropped.isEmpty()) {
      return base.owners();
    }
    Map<IpAddress, String> out = new HashMap<>(base.owners());
    roundReports.stream().sorted(Plan.ORDER.reversed())
        .forEach(r -> r.owners().forEach(out::putIfAbsent));
    dropped.forEach(out::putIfAbsent);
    return out;
  }

  private void setLatest(Plan next) {
    latest.owners().forEach((ip, owner) -> {
      if (!next.owners().containsKey(ip)) {
        dropped.remove(ip);
        dropped.put(ip, owner);
      }
    });
    next.owners().keySet().forEach(dropped::remove);
    latest = next;
  }

  private List<Send> publish(L2Plan p) {
    computed = p;
    take(new Plan(Math.max(latest.epoch(), epochFloor) + 1, self, p.owners()));
    planCurrent = true;
    latestCurrent = true;
    awaiting = null;
    roundReports.clear();
    nextRenew = now.plus(renewEvery);
    leaseUntil = now.plus(lease);
    return List.of(new Send(Optional.empty(), latest));
  }

  private Step step(List<Send> sends) {
    List<Instant> due = new ArrayList<>();
    if (awaiting != null && now.isBefore(deadline)) {
      due.add(deadline); // after it, only a report can end the round
    }
    if (renewing()) {
      due.add(nextRenew);
    }
    if (!leaseFree() && planCurrent && now.isBefore(leaseUntil)) {
      due.add(leaseUntil);
    }
    if (!handover.isEmpty()) {
      due.add(handoverUntil);
    }
    return new Step(sends, owned(), due.stream().min(Instant::compareTo));
  }

  private L2Planner.Membership membership() {
    return new L2Planner.Membership(Set.copyOf(view), inputs.knownAnnouncers(), requireQuorum);
  }

  /** Quorum: a strict majority of the known announcers (unknown count: none), unless turned off. */
  public boolean hasQuorum() {
    if (view.isEmpty()) {
      return false;
    }
    return !requireQuorum || inputs.knownAnnouncers() > 0 && membership().hasQuorum();
  }

  /** What this node answers for as of the last event's time. */
  public SortedSet<IpAddress> owned() {
    boolean leased = leaseFree() || now.isBefore(leaseUntil);
    if (!planCurrent || !hasQuorum() || !leased) {
      return new TreeSet<>();
    }
    SortedSet<IpAddress> out = latest.ownedBy(self);
    out.removeAll(handover);
    return out;
  }

  public String coordinator() {
    return view.isEmpty() ? "" : view.get(0);
  }

  public boolean isCoordinator() {
    return self.equals(coordinator());
  }

  public List<String> view() {
    return view;
  }

  /** The newest plan this node adopted (or reported by a member, on the coordinator). */
  public Plan latest() {
    return latest;
  }

  /** On the coordinator: the last plan it computed, with the reasons for IPs nobody announces. */
  public L2Plan computed() {
    return computed;
  }
}
