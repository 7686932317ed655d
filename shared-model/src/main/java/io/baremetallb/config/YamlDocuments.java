package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns YAML or JSON text (JSON is YAML) into generic trees of maps, lists and scalars, with
 * SnakeYAML's safe constructor and limits against hostile input (alias bombs, deep nesting, huge
 * documents). A syntax error becomes one problem that names the line and column.
 */
final class YamlDocuments {
  static final int MAX_CHARS = 3 * 1024 * 1024;

  private YamlDocuments() {}

  /** Every document of the text, in order (empty documents left out); on error, no documents. */
  static List<Object> load(String text, Path where, Problems problems) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    if (text.length() > MAX_CHARS) {
      problems.add(where, "the text has " + text.length() + " characters, more than the " + MAX_CHARS + " accepted");
      return List.of();
    }
    List<Object> docs = new ArrayList<>();
    try {
      for (Object doc : yaml().loadAll(text)) {
        if (doc != null) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (MarkedYAMLException e) {
      problems.add(where, "not valid YAML: " + at(e.getProblemMark()) + e.getProblem());
    } catch (YAMLException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
      // SnakeYAML signals a few limits and malformed scalars with plain runtime exceptions.
      problems.add(where, "not valid YAML: " + e.getMessage());
    } catch (StackOverflowError e) {
      problems.add(where, "not valid YAML: nested too deeply");
    }
    return List.of();
  }

  private static String at(Mark m) {
    return m == null ? "" : "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ";
  }

  private static Yaml yaml() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(50);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(64);
    o.setCodePointLimit(MAX_CHARS);
    return new Yaml(new SafeConstructor(o));
  }
}
