package io.baremetallb.config;

import java.util.ArrayList;
import java.util.List;

/** Reads Community resources and community values. */
final class CommunityReader {
  private CommunityReader() {}

  /** {@code spec.communities: [{name, value}]}. */
  static Resources.Communities read(Fields spec, Resources.Ref name) {
    List<Resources.Alias> out = new ArrayList<>();
    for (Fields a : spec.objects("communities", List.of("name", "value"))) {
      String alias = a.requiredString("name");
      String value = a.requiredString("value");
      BgpCommunity c = value == null ? null : value(a.problems(), a.at("value"), value);
      out.add(new Resources.Alias(a.path(), new Resources.Ref(a.at("name"), alias), c));
    }
    return new Resources.Communities(spec.path(), name, out);
  }

  /** A community value, or null with a problem. */
  static BgpCommunity value(Problems p, Path at, String text) {
    try {
      return BgpCommunity.parse(text);
    } catch (IllegalArgumentException e) {
      p.value(at, text, "malformed community: " + e.getMessage());
      return null;
    }
  }
}
