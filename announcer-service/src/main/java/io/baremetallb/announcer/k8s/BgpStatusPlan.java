package io.baremetallb.announcer.k8s;

import io.baremetallb.model.ServiceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which ServiceBGPStatus objects of one node to create, change or delete (pure): one object per
 * Service this node advertises, listing the BGPPeers its addresses go to (MetalLB's shape, labels
 * {@value #NODE_LABEL}, {@value #SERVICE_NAME_LABEL}, {@value #SERVICE_NAMESPACE_LABEL}).
 */
public final class BgpStatusPlan {
  public static final String NODE_LABEL = "metallb.io/node";
  public static final String SERVICE_NAME_LABEL = "metallb.io/service-name";
  public static final String SERVICE_NAMESPACE_LABEL = "metallb.io/service-namespace";
  private static final int MAX_NAME = 253;

  private BgpStatusPlan() {
  }

  /** An object as listed: its name, the Service its labels name, and its status peers. */
  public record Existing(String name, ServiceKey service, List<String> peers) {
    public Existing {
      peers = List.copyOf(peers);
    }
  }

  /** One change to make. */
  public sealed interface Change permits Create, SetPeers, Delete {
    String name();
  }

  public record Create(String name, ServiceKey service, List<String> peers) implements Change {
  }

  public record SetPeers(String name, ServiceKey service, List<String> peers) implements Change {
  }

  public record Delete(String name) implements Change {
  }

  /**
   * @param desired per Service this node advertises, the peer names (from {@code BgpPlan.peersByService})
   * @param existing this node's objects as listed (label {@value #NODE_LABEL})
   */
  public static List<Change> diff(String node, Map<ServiceKey, Set<String>> desired, List<Existing> existing) {
    Map<ServiceKey, Existing> kept = new TreeMap<>();
    List<Change> out = new ArrayList<>();
    for (Existing e : existing) {
      if (e.service() == null || !desired.containsKey(e.service()) || kept.containsKey(e.service())) {
        out.add(new Delete(e.name())); // gone, unlabelled, or a duplicate of one already kept
      } else {
        kept.put(e.service(), e);
      }
    }
    new TreeMap<>(desired).forEach((svc, peers) -> {
      List<String> sorted = peers.stream().sorted().toList();
      Existing e = kept.get(svc);
      if (e == null) {
        out.add(new Create(objectName(svc, node), svc, sorted));
      } else if (!e.peers().equals(sorted)) {
        out.add(new SetPeers(e.name(), svc, sorted));
      }
    });
    return out;
  }

  /**
   * {@code <namespace>-<service>-<node>}, a valid object name; when longer than 253 characters,
   * cut and ended with a hash of the whole, so two long names never meet.
   */
  public static String objectName(ServiceKey svc, String node) {
    String full = (svc.namespace() + "-" + svc.name() + "-" + node).toLowerCase(java.util.Locale.ROOT);
    if (full.length() <= MAX_NAME) {
      return full;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(digest, 0, 8);
      return full.substring(0, MAX_NAME - hash.length() - 1) + "-" + hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
