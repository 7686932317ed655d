package io.baremetallb.ipam.k8s;

import io.baremetallb.config.Config;
import io.baremetallb.config.ConfigProblem;
import io.baremetallb.config.ConfigResult;
import io.baremetallb.config.CrdConfigParser;
import io.baremetallb.config.LegacyConfigParser;
import io.baremetallb.controller.Reconciler;
import io.baremetallb.controller.Result;
import io.baremetallb.ipam.core.Allocator;
import io.baremetallb.ipam.k8s.EventRecorder.Reasons;
import io.baremetallb.ipam.k8s.EventRecorder.Type;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Loads the configuration (one key: there is one configuration) from the legacy ConfigMap or the
 * {@code metallb.io} resources, as MetalLB 0.13+ does: when any {@code metallb.io} resource exists
 * the resources are the configuration and the ConfigMap is ignored (with a warning), otherwise the
 * ConfigMap is. A valid configuration replaces the pools (nobody is re-IP'd; see the allocator) and
 * every Service is looked at again. An invalid one is rejected whole: the last good one stays, every
 * problem goes to the log and to events on the objects concerned, and the state turns stale.
 */
public final class ConfigReconciler implements Reconciler<String> {
  private static final Logger LOG = Logger.getLogger(ConfigReconciler.class.getName());
  public static final String KEY = "config";

  /** What the informers hold right now. */
  public interface Inputs {
    Optional<V1ConfigMap> configMap();

    List<MetallbObject> metallbResources();
  }

  private final Inputs inputs;
  private final String configKey;
  private final Allocator allocator;
  private final Object allocatorLock;
  private final ConfigState state;
  private final EventRecorder events;
  private final Runnable requeueAllServices;
  private final Supplier<Boolean> leading;

  public ConfigReconciler(Inputs inputs, String configKey, Allocator allocator, Object allocatorLock, ConfigState state,
      EventRecorder events, Runnable requeueAllServices, Supplier<Boolean> leading) {
    this.inputs = inputs;
    this.configKey = configKey;
    this.allocator = allocator;
    this.allocatorLock = allocatorLock;
    this.state = state;
    this.events = events;
    this.requeueAllServices = requeueAllServices;
    this.leading = leading;
  }

  @Override
  public Result reconcile(String key) {
    Optional<V1ConfigMap> cm = inputs.configMap();
    List<MetallbObject> crs = inputs.metallbResources();
    ConfigResult result;
    String source;
    KubernetesObject blame;
    if (!crs.isEmpty()) {
      source = "metallb.io resources";
      result = CrdConfigParser.parseObjects(crs.stream().map(o -> (Object) o.toJson()).toList());
      blame = null;
      cm.ifPresent(c -> warnIgnored(c));
    } else if (cm.isPresent()) {
      source = "ConfigMap " + cm.get().getMetadata().getNamespace() + "/" + cm.get().getMetadata().getName();
      String text = cm.get().getData() == null ? null : cm.get().getData().get(configKey);
      result = text == null ? new ConfigResult.Invalid(List.of(new ConfigProblem("data." + configKey,
          "missing: the configuration is the text under data." + configKey))) : LegacyConfigParser.parse(text);
      blame = cm.get();
    } else {
      source = "none";
      result = new ConfigResult.Valid(Config.EMPTY);
      blame = null;
    }
    if (result instanceof ConfigResult.Valid v) {
      return accept(v.config(), source, blame);
    }
    reject(((ConfigResult.Invalid) result).problems(), source, blame, crs);
    return Result.done();
  }

  private Result accept(Config config, String source, KubernetesObject blame) {
    boolean changed = !state.current().equals(Optional.of(config));
    if (!changed && !state.stale()) {
      return Result.done();
    }
    try {
      synchronized (allocatorLock) {
        allocator.setPools(config.pools());
      }
    } catch (IllegalArgumentException e) {
      reject(List.of(new ConfigProblem("pools", e.getMessage())), source, blame, List.of());
      return Result.done();
    }
    state.accepted(config, source);
    LOG.info(() -> "event=configLoaded source=\"" + source + "\" pools=" + config.pools().size()
        + " l2Advertisements=" + config.l2Advertisements().size() + " bgpAdvertisements=" + config.bgpAdvertisements().size());
    if (blame != null && leading.get()) {
      events.record(blame, Type.Normal, Reasons.CONFIG_LOADED, "Loaded " + config.pools().size() + " address pool(s)");
    }
    requeueAllServices.run();
    return Result.done();
  }

  private void reject(List<ConfigProblem> problems, String source, KubernetesObject blame, List<MetallbObject> crs) {
    state.rejected(problems);
    String all = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    LOG.warning("event=configRejected source=\"" + source + "\" problems=" + problems.size()
        + " keeping=\"" + state.source() + "\"\n" + all);
    if (!leading.get()) {
      return;
    }
    if (blame != null) {
      events.record(blame, Type.Warning, Reasons.CONFIG_INVALID, summary(problems));
      return;
    }
    for (Map.Entry<KubernetesObject, List<ConfigProblem>> e : byObject(problems, crs).entrySet()) {
      events.record(e.getKey(), Type.Warning, Reasons.CONFIG_INVALID, summary(e.getValue()));
    }
  }

  /** Problems grouped by the resource their path starts with ({@code Kind/name...}). */
  private static Map<KubernetesObject, List<ConfigProblem>> byObject(List<ConfigProblem> problems,
      List<MetallbObject> crs) {
    Map<KubernetesObject, List<ConfigProblem>> out = new LinkedHashMap<>();
    for (ConfigProblem p : problems) {
      for (MetallbObject o : crs) {
        String prefix = o.getKind() + "/" + o.getMetadata().getName();
        if (p.path().equals(prefix) || p.path().startsWith(prefix + ".") || p.path().startsWith(prefix + "[")) {
          out.computeIfAbsent(o, k -> new ArrayList<>()).add(p);
        }
      }
    }
    return out;
  }

  private void warnIgnored(V1ConfigMap cm) {
    LOG.warning("event=configMapIgnored configMap=" + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName()
        + " reason=\"metallb.io resources exist; they are the configuration\"");
  }

  /** Rejected, with every problem, cut to fit an event message. */
  static String summary(List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder("Configuration rejected, the previous one stays in force; ")
        .append(problems.size()).append(problems.size() == 1 ? " problem: " : " problems: ");
    for (int i = 0; i < problems.size(); i++) {
      String next = (i == 0 ? "" : "; ") + problems.get(i);
      if (sb.length() + next.length() > 1000) {
        sb.append("; … and ").append(problems.size() - i).append(" more (see the log)");
        break;
      }
      sb.append(next);
    }
    return sb.toString();
  }
}
