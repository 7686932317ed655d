package io.baremetallb.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the {@code metallb.io} custom resources: IPAddressPool, L2Advertisement, BGPAdvertisement,
 * BFDProfile and Community ({@code metallb.io/v1beta1}) and BGPPeer ({@code metallb.io/v1beta2}, and
 * the older {@code v1beta1}), with the field names, defaults and checks of MetalLB's CRDs and its
 * {@code internal/config}. Input is YAML (several documents, {@code ---}), JSON, a {@code List}
 * of objects, or objects already parsed into maps (what an informer sees). Objects of other kinds
 * are problems; {@code status} and the metadata other than name and labels are ignored.
 */
public final class CrdConfigParser {
  static final String GROUP = "metallb.io/";
  private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec", "status");
  /** Stands for an object whose text did not parse (its problem is already reported). */
  private static final Object UNREADABLE = new Object();
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private CrdConfigParser() {}

  /** Parses YAML or JSON text holding any number of objects. */
  public static ConfigResult parse(String text) {
    Problems problems = new Problems();
    List<Object> docs = YamlDocuments.load(text, Path.of("documents"), problems);
    Resources r = new Resources();
    if (problems.isEmpty()) {
      readAll(docs, Path.of("documents"), problems, r);
    }
    return finish(r, problems);
  }

  /**
   * Parses objects one by one: each a {@code Map<String, Object>} (the generic tree of one object)
   * or the YAML/JSON text of one object.
   */
  public static ConfigResult parseObjects(List<?> objects) {
    Problems problems = new Problems();
    List<Object> trees = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      Object o = objects.get(i);
      if (o instanceof String s) {
        int before = problems.size();
        List<Object> docs = YamlDocuments.load(s, Path.of("objects").index(i), problems);
        if (problems.size() == before && docs.isEmpty()) {
          problems.add(Path.of("objects").index(i), "empty text, expected one object");
        }
        trees.add(problems.size() > before ? UNREADABLE : docs.size() == 1 ? docs.get(0) : docs);
      } else {
        trees.add(o);
      }
    }
    Resources r = new Resources();
    readAll(trees, Path.of("objects"), problems, r);
    return finish(r, problems);
  }

  private static ConfigResult finish(Resources r, Problems problems) {
    sortByName(r.pools, Resources.Pool::name);
    sortByName(r.l2Advertisements, Resources.L2::name);
    sortByName(r.bgpAdvertisements, Resources.BgpAdv::name);
    sortByName(r.peers, Resources.Peer::name);
    sortByName(r.bfdProfiles, Resources.Bfd::name);
    sortByName(r.communities, Resources.Communities::name);
    return ConfigAssembler.assemble(r, problems);
  }

  /** Objects arrive in whatever order; checking them in name order makes the messages repeatable. */
  private static <T> void sortByName(List<T> list, Function<T, Resources.Ref> name) {
    list.sort(Comparator.comparing(t -> name.apply(t).name(), Comparator.nullsLast(Comparator.naturalOrder())));
  }

  private static void readAll(List<Object> trees, Path where, Problems problems, Resources r) {
    for (int i = 0; i < trees.size(); i++) {
      Object o = trees.get(i);
      Path at = where.index(i);
      if (o == UNREADABLE) {
        continue;
      }
      if (o instanceof Map<?, ?> m && m.get("items") instanceof List<?> items
          && String.valueOf(m.get("kind")).endsWith("List")) {
        readAll(new ArrayList<>(items), at.key("items"), problems, r);
      } else if (o instanceof List<?> list) {
        problems.add(at, "expected one object, got a list of " + list.size());
      } else {
        readObject(o, at, problems, r);
      }
    }
  }

  private static void readObject(Object o, Path at, Problems problems, Resources r) {
    if (!(o instanceof Map<?, ?> m)) {
      problems.add(at, "expected an object with apiVersion and kind, got " + Fields.describe(o));
      return;
    }
    Object kind = m.get("kind");
    Object version = m.get("apiVersion");
    Object meta = m.get("metadata");
    Object rawName = meta instanceof Map<?, ?> mm ? mm.get("name") : null;
    String name = rawName instanceof String s && !s.isEmpty() ? s : null;
    Path path = kind instanceof String k && !k.isEmpty()
        ? Path.of(name != null ? k + "/" + name : k + at.text().substring(at.text().lastIndexOf('[')))
        : at;
    if (!(kind instanceof String k) || !(version instanceof String v)) {
      problems.add(path, "missing apiVersion or kind");
      return;
    }
    if (!known(k, v)) {
      problems.add(path, "apiVersion " + v + " kind " + k + " is not a metallb.io configuration kind (expected "
          + "metallb.io/v1beta1 IPAddressPool, L2Advertisement, BGPAdvertisement, BFDProfile, Community or "
          + "BGPPeer, or metallb.io/v1beta2 BGPPeer)");
      return;
    }
    Fields top = Fields.of(m, path, problems, false, TOP);
    Resources.Ref ref = new Resources.Ref(path.key("metadata").key("name"), name);
    if (name == null) {
      problems.add(ref.path(), "missing required field");
    } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      problems.value(ref.path(), name, "not a valid object name (lower-case letters, digits, \"-\" and \".\")");
    }
    Map<String, String> labels = labels(meta, path.key("metadata"), problems);
    read(k, v, top, ref, labels, r);
  }

  private static boolean known(String kind, String version) {
    if (version.equals(GROUP + "v1beta2")) {
      return kind.equals("BGPPeer");
    }
    return version.equals(GROUP + "v1beta1") && List.of("IPAddressPool", "L2Advertisement", "BGPAdvertisement",
        "BFDProfile", "Community", "BGPPeer").contains(kind);
  }

  private static Map<String, String> labels(Object meta, Path at, Problems problems) {
    Map<String, Object> only = new java.util.HashMap<>();
    if (meta instanceof Map<?, ?> m && m.get("labels") != null) {
      only.put("labels", m.get("labels"));
    }
    Fields f = Fields.of(only, at, problems, false, List.of("labels"));
    Map<String, String> labels = f.stringMap("labels");
    labels.forEach((k, v) -> {
      Selectors.checkKey(problems, f.at("labels").key(k), k);
      Selectors.checkValue(problems, f.at("labels").key(k), v);
    });
    return labels;
  }

  private static void read(String kind, String version, Fields top, Resources.Ref name, Map<String, String> labels,
      Resources r) {
    switch (kind) {
      case "IPAddressPool" -> {
        if (!top.has("spec")) {
          top.problems().add(top.at("spec"), "missing required field");
        }
        r.pools.add(PoolReader.read(spec(top, PoolReader.CRD_FIELDS), name, labels, Dialect.CRD));
      }
      case "L2Advertisement" -> r.l2Advertisements.add(AdvertisementReader.l2(spec(top, AdvertisementReader.L2_FIELDS), name));
      case "BGPAdvertisement" -> r.bgpAdvertisements.add(
          AdvertisementReader.bgp(spec(top, AdvertisementReader.BGP_FIELDS), name, Dialect.CRD, null));
      case "BFDProfile" -> r.bfdProfiles.add(PeerReader.bfd(spec(top, PeerReader.BFD_FIELDS), name, Dialect.CRD));
      case "Community" -> r.communities.add(CommunityReader.read(spec(top, List.of("communities")), name));
      default -> r.peers.add(PeerReader.peer(spec(top,
          version.endsWith("v1beta2") ? PeerReader.V1BETA2_FIELDS : PeerReader.V1BETA1_FIELDS), name, Dialect.CRD));
    }
  }

  private static Fields spec(Fields top, List<String> fields) {
    Fields spec = top.object("spec", fields);
    return spec != null ? spec : Fields.of(null, top.at("spec"), top.problems(), false, fields);
  }
}
