package io.baremetallb.config;

import io.baremetallb.ip.Cidr;
import io.baremetallb.ip.IpRange;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the parsers read, before the rules that span objects are checked: each object with the
 * paths its problems would be reported at. A {@code null} model value means the object had a
 * problem of its own (already reported); its name still counts, so references to it do not add
 * a second, misleading problem.
 */
final class Resources {
  final List<Pool> pools = new ArrayList<>();
  final List<L2> l2Advertisements = new ArrayList<>();
  final List<BgpAdv> bgpAdvertisements = new ArrayList<>();
  final List<Peer> peers = new ArrayList<>();
  final List<Bfd> bfdProfiles = new ArrayList<>();
  final List<Communities> communities = new ArrayList<>();

  /** A name as written at a path: a reference to another object, or an object's own name. */
  record Ref(Path path, String name) {}

  /** One entry of a pool's addresses; {@code range} null when it did not parse. */
  record Entry(Path path, String text, IpRange range) {
    List<Cidr> cidrs() {
      return range.toCidrs();
    }

    /** The shortest prefix length among the entry's CIDRs: MetalLB's "lowest mask". */
    int lowestPrefix() {
      return cidrs().stream().mapToInt(Cidr::prefixLength).min().orElse(range.family().bits());
    }
  }

  record Pool(Path path, Ref name, Map<String, String> labels, List<Entry> entries, AddressPool pool) {}

  record L2(Path path, Ref name, L2Advertisement adv, List<Ref> poolRefs) {}

  /**
   * A BGP advertisement whose communities are not resolved yet ({@code draft} has none).
   * {@code aggregationPath}/{@code aggregationV6Path}/{@code localPrefPath}: where to report
   * problems about those values (the object itself when the field was left to its default).
   */
  record BgpAdv(Path path, Ref name, BgpAdvertisement draft, Path aggregationPath, Path aggregationV6Path,
      Path localPrefPath, List<Ref> communities, List<Ref> poolRefs, List<Ref> peerRefs) {
    List<LabelSelector> nodeSelectors() {
      return draft.nodeSelectors();
    }
  }

  record Peer(Path path, Ref name, BgpPeer peer, Ref bfdProfile) {}

  record Bfd(Path path, Ref name, BfdProfile profile) {}

  record Communities(Path path, Ref name, List<Alias> aliases) {}

  /** One alias; {@code value} null when it did not parse. */
  record Alias(Path path, Ref name, BgpCommunity value) {}
}
