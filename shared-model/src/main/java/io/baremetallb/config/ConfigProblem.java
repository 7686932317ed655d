package io.baremetallb.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration: where it is and what is wrong, in a plain sentence.
 *
 * <p>The path names the field the way the user wrote it: {@code address-pools[1].addresses[0]} in the
 * legacy ConfigMap, {@code IPAddressPool/prod.spec.addresses[0]} in the custom resources. A message
 * about a value starts with that value in quotes, so {@link #toString()} reads
 * {@code address-pools[1].addresses[0] "192.0.2.9-192.0.2.5": range ends before it starts}; other
 * messages follow a colon: {@code peers[0].my-asn: missing required field}.
 *
 * @param path where the problem is
 * @param message what is wrong
 */
public record ConfigProblem(String path, String message) implements Comparable<ConfigProblem> {

  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public int compareTo(ConfigProblem o) {
    int c = path.compareTo(o.path);
    return c != 0 ? c : message.compareTo(o.message);
  }

  @Override
  public String toString() {
    if (path.isEmpty()) {
      return message;
    }
    return path + (message.startsWith("\"") ? " " : ": ") + message;
  }
}
