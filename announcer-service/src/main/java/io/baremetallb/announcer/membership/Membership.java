package io.baremetallb.announcer.membership;

import io.baremetallb.ip.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.NameCache;

/**
 * The announcers' JGroups cluster and the {@link Agreement} on top of it. Thin I/O: JGroups
 * callbacks and input changes are queued onto one thread, which feeds the agreement and sends what
 * it returns; listeners run on that thread too.
 */
public final class Membership implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Membership.class.getName());

  /** A view as this node installed it, and whether it may answer (quorum). */
  public record ViewChange(List<String> members, boolean merge, boolean quorum, SortedSet<IpAddress> owned) {
    public ViewChange {
      members = List.copyOf(members);
      owned = new TreeSet<>(owned);
    }
  }

  private final MembershipConfig config;
  private final InstantSource clock;
  private final Agreement agreement;
  private final ScheduledExecutorService loop;
  private final List<Consumer<ViewChange>> viewListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<SortedSet<IpAddress>>> ownershipListeners = new CopyOnWriteArrayList<>();
  private final Map<String, Address> addresses = new HashMap<>();
  private volatile Set<String> members = Set.of();
  private volatile SortedSet<IpAddress> owned = new TreeSet<>();
  private volatile AgreementMessage.Plan plan = AgreementMessage.Plan.NONE;
  /** Epoch millisecond until which answering is allowed (Long.MAX_VALUE on the coordinator). */
  private volatile long answerUntil;
  private ScheduledFuture<?> tick;
  private JChannel channel;
  private JGroupsStack stack;

  public Membership(MembershipConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.agreement = new Agreement(config.nodeName(), config.requireQuorum(), config.reportTimeout(),
        java.time.Duration.ofMillis(config.detection().leaseMs()));
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "membership-" + config.nodeName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Joins the cluster, finding members at {@code peers} (the Nodes' InternalIPs). */
  public synchronized void start(Collection<InetAddress> peers) throws MembershipException {
    checkFree(config.port(), "BMLB_MEMBERLIST_PORT");
    checkFree(config.failureDetectionPort(), "BMLB_MEMBERLIST_FAILURE_DETECTION_PORT");
    stack = new JGroupsStack(config, peers);
    try {
      channel = new JChannel(stack.protocols()).name(config.nodeName()).setDiscardOwnMessages(true);
      channel.setReceiver(new Receiver() {
        @Override
        public void viewAccepted(View view) {
          run(() -> onView(view));
        }

        @Override
        public void receive(Message msg) {
          byte[] bytes = msg.getArray();
          int offset = msg.getOffset();
          int length = msg.getLength();
          Address src = msg.getSrc();
          run(() -> onMessage(src, bytes, offset, length));
        }
      });
      channel.connect(MembershipConfig.CLUSTER);
    } catch (Exception e) {
      if (channel != null) {
        channel.close();
      }
      throw new MembershipException("joining the announcer membership on " + config.bindAddress().getHostAddress() + ":"
          + config.port() + " (BMLB_MEMBERLIST_PORT) failed: " + e.getMessage(), e);
    }
  }

  private void checkFree(int port, String setting) throws MembershipException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(config.bindAddress(), port));
    } catch (IOException e) {
      throw new MembershipException("port " + port + " on " + config.bindAddress().getHostAddress()
          + " is not available (" + e.getMessage() + "); choose a free port with " + setting, e);
    }
  }

  /** The places to look for members: every Node's InternalIP (the list changes with the Nodes). */
  public void setPeers(Collection<InetAddress> peers) {
    JGroupsStack s = stack;
    if (s != null) {
      s.setPeers(peers);
    }
  }

  /** New planner inputs (from the Kubernetes informers); the coordinator replans. */
  public void setInputs(Agreement.Inputs inputs) {
    run(() -> apply(agreement.inputsChanged(inputs, clock.instant())));
  }

  /** Runs on the membership thread; a failure is logged, not lost in the executor. */
  private void run(Runnable task) {
    if (!loop.isShutdown()) {
      loop.execute(() -> guarded(task));
    }
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "membership event failed on " + config.nodeName(), e);
    }
  }

  public Set<String> members() {
    return members;
  }

  public SortedSet<IpAddress> owned() {
    return owned;
  }

  /** The newest plan this node knows (it answers for its part of it only while {@link #owned} says so). */
  public AgreementMessage.Plan plan() {
    return plan;
  }

  /**
   * Whether this node may answer now: checked by the responders at every answer, on their own
   * threads, so a lease that runs out silences the node even when this membership's thread is
   * starved and late to hand in the new (empty) ownership.
   */
  public boolean mayAnswer() {
    return clock.millis() < answerUntil;
  }

  public boolean joined() {
    JChannel c = channel;
    return c != null && c.isConnected();
  }

  public void onViewChange(Consumer<ViewChange> listener) {
    viewListeners.add(listener);
  }

  public void onOwnershipChange(Consumer<SortedSet<IpAddress>> listener) {
    ownershipListeners.add(listener);
  }

  private void onView(View view) {
    List<String> names = new ArrayList<>();
    addresses.clear();
    for (Address a : view.getMembers()) {
      String name = nameOf(a);
      names.add(name);
      addresses.put(name, a);
    }
    members = Set.copyOf(new LinkedHashSet<>(names));
    boolean merge = view instanceof MergeView;
    apply(agreement.viewChanged(names, merge, clock.instant()));
    ViewChange change = new ViewChange(names, merge, agreement.hasQuorum(), owned);
    viewListeners.forEach(l -> l.accept(change));
  }

  private void onMessage(Address src, byte[] bytes, int offset, int length) {
    AgreementMessage m;
    try {
      m = AgreementCodec.decode(bytes, offset, length);
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "dropping a membership message from {0}: {1}", nameOf(src), e.getMessage());
      return;
    }
    apply(agreement.received(nameOf(src), m, clock.instant()));
  }

  private static String nameOf(Address a) {
    String name = NameCache.get(a);
    return name != null ? name : String.valueOf(a);
  }

  private void apply(Agreement.Step step) {
    for (Agreement.Send s : step.sends()) {
      Address to = s.to().map(addresses::get).orElse(null);
      if (s.to().isPresent() && to == null) {
        continue; // the member left before we answered it
      }
      try {
        channel.send(new BytesMessage(to, AgreementCodec.encode(s.message())));
        if (s.message() instanceof AgreementMessage.Plan p) {
          LOG.log(System.Logger.Level.INFO, "published plan epoch {0} to {1}: {2}", p.epoch(), members, p.owners());
        }
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "sending {0} to {1} failed: {2}", s.message().getClass().getSimpleName(),
            s.to().orElse("all"), e.getMessage());
      }
    }
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
    step.deadline().ifPresent(d -> {
      long delay = Math.max(0, d.toEpochMilli() - clock.millis());
      tick = loop.schedule(() -> guarded(() -> apply(agreement.tick(clock.instant()))), delay, TimeUnit.MILLISECONDS);
    });
    plan = agreement.latest();
    answerUntil = agreement.answerDeadline().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    if (!step.owned().equals(owned)) {
      owned = step.owned();
      ownershipListeners.forEach(l -> l.accept(owned));
    }
  }

  @Override
  public synchronized void close() {
    loop.shutdownNow();
    if (channel != null) {
      channel.close();
    }
  }
}
