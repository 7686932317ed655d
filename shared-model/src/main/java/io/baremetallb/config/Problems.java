package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a configuration is read, so that all of them are reported at once. */
final class Problems {
  private final List<ConfigProblem> list = new ArrayList<>();

  void add(Path path, String message) {
    list.add(new ConfigProblem(path.text(), message));
  }

  /** A problem about a value: the message starts with the value in quotes. */
  void value(Path path, Object value, String message) {
    add(path, quote(value) + ": " + message);
  }

  int size() {
    return list.size();
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<ConfigProblem> list() {
    return List.copyOf(list);
  }

  static String quote(Object value) {
    return "\"" + value + "\"";
  }
}
