package io.baremetallb.announcer.membership;

import io.baremetallb.ip.IpAddress;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the announcers tell each other to agree on one owner per layer-2 IP (see docs/membership.md). */
public sealed interface AgreementMessage {

  /**
   * An ownership plan: multicast by the coordinator of a view with quorum.
   *
   * @param epoch increases with every plan; plans are ordered by (epoch, author)
   * @param author the node name of the coordinator that computed it ("" for {@link #NONE})
   * @param owners the owner of every announced IP
   */
  record Plan(long epoch, String author, SortedMap<IpAddress, String> owners) implements AgreementMessage {
    /** What a node that has never adopted a plan reports. */
    public static final Plan NONE = new Plan(0, "", new TreeMap<>());

    static final Comparator<Plan> ORDER = Comparator.comparingLong(Plan::epoch).thenComparing(Plan::author);

    public Plan {
      if (epoch < 0) {
        throw new IllegalArgumentException("plan epoch must not be negative, got " + epoch);
      }
      owners = new TreeMap<>(owners);
    }

    /** Whether (epoch, author) names this plan: what a {@link Lease} and an {@link Adopted} carry. */
    public boolean isNamed(long epoch, String author) {
      return this.epoch == epoch && this.author.equals(author);
    }

        public boolean isNewerThan(Plan other) {
      return ORDER.compare(this, other) > 0;
    }

    /** The IPs {@code node} must answer for under this plan. */
    public SortedSet<IpAddress> ownedBy(String node) {
      TreeSet<IpAddress> out = new TreeSet<>();
      owners.forEach((ip, n) -> {
        if (n.equals(node)) {
          out.add(ip);
        }
      });
      return out;
    }
  }

  /**
   * The coordinator's renewal of plan (epoch, author): a member answers for its IPs only while a
   * lease from its coordinator is fresh, so a member the others excluded (and which may never see
   * the view that excludes it) stops answering when the renewals stop.
   */
  record Lease(long epoch, String author) implements AgreementMessage {
  }

  /**
   * A member's word that it adopted plan (epoch, author), multicast when it adopts one and again
   * with every view change: a member that gained IPs with that plan answers for them only once
   * every other member of its view has said so (or a lease has passed), so that the IP's old owner
   * has stopped answering first.
   */
  record Adopted(long epoch, String author) implements AgreementMessage {
  }

  /**
   * A member's last adopted plan, sent to a new coordinator so it continues from the newest one.
   *
   * @param current whether the member still answers by it: it adopted it in a view with quorum and
   *     has not been in a view without quorum since
   */
  record Report(Plan last, boolean current) implements AgreementMessage {
    /** A report of a current plan. */
    public Report(Plan last) {
      this(last, true);
    }
  }
}
