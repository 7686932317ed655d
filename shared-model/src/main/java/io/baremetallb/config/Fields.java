package io.baremetallb.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reading of one mapping of the generic YAML/JSON tree, with its path. Every wrong type and
 * every unknown key becomes a problem (MetalLB decodes strictly); a getter then returns null, as if
 * the field were absent, so that reading goes on and finds the other problems too.
 */
final class Fields {
  private final Map<String, Object> map;
  private final Path path;
  private final Problems problems;
  private final boolean lenientStrings;

  private Fields(Map<String, Object> map, Path path, Problems problems, boolean lenientStrings) {
    this.map = map;
    this.path = path;
    this.problems = problems;
    this.lenientStrings = lenientStrings;
  }

  /**
   * Reads {@code raw} as a mapping whose keys must be among {@code allowed}. Null (an empty YAML
   * value) reads as an empty mapping. {@code lenientStrings}: scalars such as {@code 1234} are
   * accepted where a string is expected, as the legacy format's YAML decoder accepts them.
   */
  static Fields of(Object raw, Path path, Problems problems, boolean lenientStrings, Collection<String> allowed) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (raw instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (!(e.getKey() instanceof String) || !allowed.contains(key)) {
          problems.add(path.key(key), "unknown field (expected one of: " + String.join(", ", allowed) + ")");
        } else {
          map.put(key, e.getValue());
        }
      }
    } else if (raw != null) {
      problems.add(path, "expected a mapping (key: value), got " + describe(raw));
    }
    return new Fields(map, path, problems, lenientStrings);
  }

  Path path() {
    return path;
  }

  Path at(String key) {
    return path.key(key);
  }

  Problems problems() {
    return problems;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  /** The string, or null when absent or not a string. */
  String string(String key) {
    return asString(map.get(key), at(key));
  }

  /** The string; a problem when absent or empty. */
  String requiredString(String key) {
    String s = string(key);
    if (s == null && !has(key) || s != null && s.isEmpty()) {
      problems.add(at(key), "missing required field");
      return null;
    }
    return s;
  }

  Boolean bool(String key) {
    Object v = map.get(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    problems.add(at(key), "expected true or false, got " + describe(v));
    return null;
  }

  /** A whole number within min..max, or null (absent, wrong type, or out of range: a problem). */
  Long integer(String key, long min, long max) {
    return integer(key, min, max, null);
  }

  /** As {@link #integer(String, long, long)}; {@code what} names the value in the range message. */
  Long integer(String key, long min, long max, String what) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    BigInteger n = wholeNumber(v);
    if (n == null) {
      problems.add(at(key), "expected a whole number, got " + describe(v));
      return null;
    }
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      problems.value(at(key), n, (what == null ? "" : what + " ") + "must be between " + min + " and " + max);
      return null;
    }
    return n.longValue();
  }

  /** The list, or null when absent or not a list. */
  List<Object> list(String key) {
    Object v = map.get(key);
    if (v == null || v instanceof List<?>) {
      @SuppressWarnings("unchecked")
      List<Object> l = (List<Object>) v;
      return l;
    }
    problems.add(at(key), "expected a list, got " + describe(v));
    return null;
  }

  /** The strings of a list; elements that are not strings are problems and left out. Absent: empty. */
  List<String> strings(String key) {
    return located(key).stream().map(Resources.Ref::name).toList();
  }

  /** As {@link #strings(String)}, each with its path. */
  List<Resources.Ref> located(String key) {
    List<Object> l = list(key);
    List<Resources.Ref> out = new ArrayList<>();
    if (l != null) {
      for (int i = 0; i < l.size(); i++) {
        Path p = at(key).index(i);
        String s = asString(l.get(i), p);
        if (s != null) {
          out.add(new Resources.Ref(p, s));
        }
      }
    }
    return out;
  }

  /** The mappings of a list, each read with {@code allowed} keys. Absent: empty. */
  List<Fields> objects(String key, Collection<String> allowed) {
    List<Object> l = list(key);
    List<Fields> out = new ArrayList<>();
    if (l != null) {
      for (int i = 0; i < l.size(); i++) {
        out.add(Fields.of(l.get(i), at(key).index(i), problems, lenientStrings, allowed));
      }
    }
    return out;
  }

  /** A nested mapping, or null when absent. */
  Fields object(String key, Collection<String> allowed) {
    return has(key) ? Fields.of(map.get(key), at(key), problems, lenientStrings, allowed) : null;
  }

  /** A mapping of strings to strings (labels); absent: empty. */
  Map<String, String> stringMap(String key) {
    Object v = map.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      problems.add(at(key), "expected a mapping of strings, got " + describe(v));
      return out;
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Path p = at(key).key(String.valueOf(e.getKey()));
      String value = e.getValue() == null ? "" : asString(e.getValue(), p);
      if (!(e.getKey() instanceof String k)) {
        problems.add(p, "a key must be a string, got " + describe(e.getKey()));
      } else if (value != null) {
        out.put(k, value);
      }
    }
    return out;
  }

  private String asString(Object v, Path p) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (lenientStrings && (v instanceof Number || v instanceof Boolean)) {
      return String.valueOf(v);
    }
    problems.add(p, "expected a string, got " + describe(v));
    return null;
  }

  /** Integer, Long, BigInteger, or a double with no fraction (JSON decoders give those); else null. */
  static BigInteger wholeNumber(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isInfinite(d) && !Double.isNaN(d) && d == Math.rint(d) && Math.abs(d) < 1e18) {
        return BigInteger.valueOf((long) d);
      }
    }
    return null;
  }

  /** Names the kind of a value without printing collections (which may be huge or recursive). */
  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "the string " + Problems.quote(s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
    if (v instanceof Boolean b) {
      return "the boolean " + b;
    }
    if (v instanceof Number n) {
      return "the number " + n;
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    if (v instanceof Map<?, ?>) {
      return "a mapping";
    }
    return "a value of type " + v.getClass().getSimpleName();
  }
}
