package io.baremetallb.config;

import io.baremetallb.ip.IpFormatException;
import io.baremetallb.ip.IpRange;
import io.baremetallb.model.AddressPool;
import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.ServiceAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Reads an address pool's fields, in either dialect. */
final class PoolReader {
  static final List<String> CRD_FIELDS = List.of("addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation");
  private static final List<String> ALLOCATION_FIELDS =
      List.of("priority", "namespaces", "namespaceSelectors", "serviceSelectors");

  private PoolReader() {}

  /** The pool whose fields are in {@code f}; {@code allocation} is read in the CRD dialect only. */
  static Resources.Pool read(Fields f, Resources.Ref name, Map<String, String> labels, Dialect d) {
    Problems p = f.problems();
    int before = p.size();
    List<Resources.Entry> entries = entries(f);
    Boolean autoAssign = f.bool(d.key("autoAssign"));
    Boolean avoidBuggy = f.bool(d.key("avoidBuggyIPs"));
    ServiceAllocation allocation = ServiceAllocation.UNRESTRICTED;
    if (d == Dialect.CRD && f.has("serviceAllocation")) {
      allocation = allocation(f.object("serviceAllocation", ALLOCATION_FIELDS));
    }
    AddressPool pool = null;
    if (p.size() == before && name.name() != null) {
      pool = new AddressPool(name.name(), entries.stream().map(Resources.Entry::text).toList(),
          entries.stream().map(Resources.Entry::range).toList(), autoAssign == null || autoAssign,
          avoidBuggy != null && avoidBuggy, allocation);
    }
    return new Resources.Pool(f.path(), name, labels, entries, pool);
  }

  private static List<Resources.Entry> entries(Fields f) {
    List<Resources.Entry> out = new ArrayList<>();
    if (!f.has("addresses")) {
      f.problems().add(f.at("addresses"), "missing required field");
      return out;
    }
    List<Object> raw = f.list("addresses");
    if (raw == null) {
      return out;
    }
    if (raw.isEmpty()) {
      f.problems().add(f.at("addresses"), "a pool needs at least one CIDR or range");
    }
    for (Resources.Ref t : f.located("addresses")) {
      try {
        out.add(new Resources.Entry(t.path(), t.name(), IpRange.parsePoolEntry(t.name())));
      } catch (IpFormatException e) {
        f.problems().add(t.path(), e.getMessage());
      }
    }
    return out;
  }

  private static ServiceAllocation allocation(Fields f) {
    Long priority = f.integer("priority", Integer.MIN_VALUE, Integer.MAX_VALUE, "a priority");
    List<String> namespaces = new ArrayList<>();
    for (Resources.Ref r : AdvertisementReader.distinctRefs(f, "namespaces", "namespace")) {
      namespaces.add(r.name());
    }
    List<LabelSelector> namespaceSelectors = Selectors.list(f, "namespaceSelectors", Dialect.CRD);
    List<LabelSelector> serviceSelectors = Selectors.list(f, "serviceSelectors", Dialect.CRD);
    // MetalLB's priority is a Go int: 0 cannot be told from "not set", so 0 means no priority there too
    return new ServiceAllocation(priority == null || priority == 0 ? OptionalInt.empty() : OptionalInt.of(priority.intValue()),
        namespaces, namespaceSelectors, serviceSelectors);
  }
}
