package io.baremetallb.config;

import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.LabelSelector.Operator;
import io.baremetallb.model.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Label selectors: reading them (both spellings), the API server's checks on them, the
 * duplicate checks MetalLB adds, and a conservative test whether two selectors can never match
 * the same object.
 */
final class Selectors {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Selectors() {}

  /** The selectors of list field {@code key}; a selector with a problem is left out. */
  static List<LabelSelector> list(Fields f, String key, Dialect d) {
    List<LabelSelector> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<Fields> items = f.objects(d.key(key), d.keys("matchLabels", "matchExpressions"));
    for (int i = 0; i < items.size(); i++) {
      int before = f.problems().size();
      LabelSelector s = one(items.get(i), d);
      if (f.problems().size() > before) {
        continue;
      }
      String canonical = canonical(s);
      int dup = seen.indexOf(canonical);
      if (dup >= 0) {
        f.problems().add(items.get(i).path(), "duplicate of " + d.key(key) + "[" + dup + "]");
      } else {
        out.add(s);
      }
      seen.add(canonical);
    }
    return out;
  }

  private static LabelSelector one(Fields f, Dialect d) {
    Map<String, String> labels = f.stringMap(d.key("matchLabels"));
    labels.forEach((k, v) -> {
      checkKey(f.problems(), f.at(d.key("matchLabels")).key(k), k);
      checkValue(f.problems(), f.at(d.key("matchLabels")).key(k), v);
    });
    List<Requirement> reqs = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<Fields> items = f.objects(d.key("matchExpressions"), List.of("key", "operator", "values"));
    for (int i = 0; i < items.size(); i++) {
      Requirement r = requirement(items.get(i));
      if (r == null) {
        continue;
      }
      String canonical = r.key() + " " + r.operator() + " " + new TreeSet<>(r.values());
      int dup = seen.indexOf(canonical);
      if (dup >= 0) {
        f.problems().add(items.get(i).path(), "duplicate of " + d.key("matchExpressions") + "[" + dup + "]");
      }
      seen.add(canonical);
      reqs.add(r);
    }
    return new LabelSelector(labels, reqs);
  }

  private static Requirement requirement(Fields f) {
    Problems p = f.problems();
    int before = p.size();
    String key = f.requiredString("key");
    String op = f.requiredString("operator");
    List<String> values = f.strings("values");
    if (key != null) {
      checkKey(p, f.at("key"), key);
    }
    Operator operator = null;
    if (op != null) {
      try {
        operator = Operator.fromApiName(op);
      } catch (IllegalArgumentException e) {
        p.value(f.at("operator"), op, "unknown operator, expected In, NotIn, Exists or DoesNotExist");
      }
    }
    if (operator == Operator.IN || operator == Operator.NOT_IN) {
      if (values.isEmpty()) {
        p.add(f.at("values"), op + " needs at least one value");
      }
    } else if (operator != null && !values.isEmpty()) {
      p.add(f.at("values"), op + " takes no values");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      checkValue(p, f.at("values").index(i), values.get(i));
      if (!seen.add(values.get(i))) {
        p.value(f.at("values").index(i), values.get(i), "duplicate value");
      }
    }
    return p.size() > before ? null : new Requirement(key, operator, values);
  }

  /** A label key: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
  static void checkKey(Problems p, Path path, String key) {
    int slash = key.lastIndexOf('/');
    String prefix = slash >= 0 ? key.substring(0, slash) : null;
    String name = key.substring(slash + 1);
    boolean ok = name.length() <= 63 && NAME.matcher(name).matches()
        && (prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (!ok) {
      p.value(path, key, "not a valid label key (an optional DNS prefix and \"/\", then at most 63 letters, "
          + "digits, \"-\", \"_\" or \".\", starting and ending with a letter or digit)");
    }
  }

  static void checkValue(Problems p, Path path, String value) {
    if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
      p.value(path, value, "not a valid label value (at most 63 letters, digits, \"-\", \"_\" or \".\", "
          + "starting and ending with a letter or digit)");
    }
  }

  private static String canonical(LabelSelector s) {
    List<String> reqs = new ArrayList<>();
    s.matchExpressions().forEach(r -> reqs.add(r.key() + " " + r.operator() + " " + new TreeSet<>(r.values())));
    reqs.sort(null);
    return new java.util.TreeMap<>(s.matchLabels()) + " " + reqs;
  }

  /**
   * True only when no set of labels can match a selector of {@code a} and one of {@code b}; an
   * empty list selects everything. Used where MetalLB compares the nodes two objects select: we do
   * not know the nodes, so we only call objects apart when their selectors say so.
   */
  static boolean disjoint(List<LabelSelector> a, List<LabelSelector> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    for (LabelSelector x : a) {
      for (LabelSelector y : b) {
        if (!disjoint(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean disjoint(LabelSelector x, LabelSelector y) {
    Set<String> keys = new TreeSet<>();
    for (LabelSelector s : List.of(x, y)) {
      keys.addAll(s.matchLabels().keySet());
      s.matchExpressions().forEach(r -> keys.add(r.key()));
    }
    for (String key : keys) {
      if (unsatisfiable(key, x, y)) {
        return true;
      }
    }
    return false;
  }

  private static boolean unsatisfiable(String key, LabelSelector x, LabelSelector y) {
    Set<String> allowed = null;
    Set<String> excluded = new HashSet<>();
    boolean mustExist = false;
    boolean mustNotExist = false;
    for (LabelSelector s : List.of(x, y)) {
      String v = s.matchLabels().get(key);
      if (v != null) {
        mustExist = true;
        allowed = intersect(allowed, Set.of(v));
      }
      for (Requirement r : s.matchExpressions()) {
        if (!r.key().equals(key)) {
          continue;
        }
        switch (r.operator()) {
          case IN -> {
            mustExist = true;
            allowed = intersect(allowed, new HashSet<>(r.values()));
          }
          case NOT_IN -> excluded.addAll(r.values());
          case EXISTS -> mustExist = true;
          case DOES_NOT_EXIST -> mustNotExist = true;
        }
      }
    }
    if (mustExist && mustNotExist) {
      return true;
    }
    if (allowed != null) {
      allowed.removeAll(excluded);
      return allowed.isEmpty();
    }
    return false;
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(b);
    if (a != null) {
      out.retainAll(a);
    }
    return out;
  }
}
