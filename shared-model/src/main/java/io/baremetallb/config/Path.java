package io.baremetallb.config;

import java.util.regex.Pattern;

/** Where a value sits in the input, written as the user would look it up: {@code a.b[2].c}. */
record Path(String text) {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  static final Path ROOT = new Path("");

  static Path of(String text) {
    return new Path(text);
  }

  /** A field of this object; keys that are not plain words are quoted: {@code matchLabels["app/x"]}. */
  Path key(String key) {
    if (!PLAIN_KEY.matcher(key).matches()) {
      return new Path(text + "[\"" + key + "\"]");
    }
    return new Path(text.isEmpty() ? key : text + "." + key);
  }

  /** An element of this list. */
  Path index(int i) {
    return new Path(text + "[" + i + "]");
  }

  @Override
  public String toString() {
    return text;
  }
}
