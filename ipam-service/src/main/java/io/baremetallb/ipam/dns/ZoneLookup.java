package io.baremetallb.ipam.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Maps a query name to what it is in our zones, reading Services from the directory. */
final class ZoneLookup {
  private static final String SVC_LABEL = "svc";

  private final List<Zone> zones;
  private final Name nameserver;
  private final ServiceDirectory directory;

  ZoneLookup(DnsConfig config, ServiceDirectory directory) {
    List<Zone> all = new ArrayList<>();
    config.clusterZones().forEach(apex -> all.add(new Zone(apex, Zone.Kind.CLUSTER)));
    config.externalZones().forEach(apex -> all.add(new Zone(apex, Zone.Kind.EXTERNAL)));
    this.zones = List.copyOf(all);
    this.nameserver = config.nameserver();
    this.directory = directory;
  }

  /** The zone {@code name} lies in (zones never nest, so there is at most one). */
  Optional<Zone> zoneOf(Name name) {
    for (Zone zone : zones) {
      if (name.subdomain(zone.apex())) {
        return Optional.of(zone);
      }
    }
    return Optional.empty();
  }

  /** What {@code name} is; empty when it is outside all our zones. Names compare case-insensitively. */
  Optional<Node> lookup(Name name) {
    return zoneOf(name).map(zone -> lookupIn(zone, name));
  }

  private Node lookupIn(Zone zone, Name name) {
    if (name.equals(zone.apex())) {
      return new Node.Apex(zone);
    }
    if (name.equals(nameserver)) {
      return new Node.Nameserver(zone);
    }
    if (nameserver.subdomain(name)) {
      return new Node.EmptyNonTerminal(zone);
    }
    List<String> labels = relativeLabels(zone, name);
    return zone.kind() == Zone.Kind.CLUSTER ? inClusterZone(zone, labels)
        : inExternalZone(zone, labels);
  }

  /** {@code <svc>.<ns>.svc.<zone>}: labels are read right to left, from the apex down. */
  private Node inClusterZone(Zone zone, List<String> labels) {
    int n = labels.size();
    if (!labels.get(n - 1).equals(SVC_LABEL) || n > 3) {
      return new Node.Nonexistent(zone);
    }
    if (n == 1) {
      return new Node.EmptyNonTerminal(zone);
    }
    String namespace = labels.get(n - 2);
    if (n == 2) {
      return namespaceNode(zone, namespace);
    }
    return directory.find(namespace, labels.get(0))
        .<Node>map(service -> new Node.Service(zone, service))
        .orElseGet(() -> new Node.Nonexistent(zone));
  }

  /** {@code <svc>.<ns>.<zone>}: only LoadBalancer Services have names here. */
  private Node inExternalZone(Zone zone, List<String> labels) {
    int n = labels.size();
    if (n == 1) {
      return namespaceNode(zone, labels.get(0));
    }
    if (n > 2) {
      return new Node.Nonexistent(zone);
    }
    return directory.find(labels.get(1), labels.get(0))
        .filter(service -> service.type() == ServiceType.LOAD_BALANCER)
        .<Node>map(service -> new Node.Service(zone, service))
        .orElseGet(() -> new Node.Nonexistent(zone));
  }

  private Node namespaceNode(Zone zone, String namespace) {
    return directory.hasServicesIn(namespace) ? new Node.EmptyNonTerminal(zone)
        : new Node.Nonexistent(zone);
  }

  /** The labels of {@code name} left of the apex, lower-cased, leftmost first. */
  private static List<String> relativeLabels(Zone zone, Name name) {
    int count = name.labels() - zone.apex().labels();
    List<String> labels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      labels.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
    }
    return labels;
  }
}
