package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

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
    DumperOptions unused = new DumperOptions();
    return new Yaml(new SafeConstructor(o), new Representer(unused), unused, o, new GoLikeResolver());
  }

  /**
   * YAML 1.1's implicit types without the two that Go's yaml.v2 (which MetalLB and kubectl use)
   * does not have: base-60 numbers, which would turn the community {@code 65535:65282} into the
   * integer 3932082, and timestamps. Such scalars stay strings.
   */
  private static final class GoLikeResolver extends Resolver {
    private static final Pattern INT = Pattern.compile("^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*"
        + "|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*)$");
    private static final Pattern FLOAT = Pattern.compile("^([-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        + "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
