package io.baremetallb.ipam.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApisApi;
import io.kubernetes.client.openapi.models.V1APIGroup;
import io.kubernetes.client.openapi.models.V1GroupVersionForDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Which {@code metallb.io} configuration resources the cluster serves, and at which version. */
public final class MetallbResources {
  /** A resource to watch: plural name and the version to read it at. */
  public record Served(String plural, String version) {
  }

  private static final List<String> CONFIG_KINDS =
      List.of("ipaddresspools", "l2advertisements", "bgpadvertisements", "bgppeers", "bfdprofiles", "communities");

  private MetallbResources() {
  }

  /** Asks discovery; an absent group means none (a cluster configured only by the legacy ConfigMap). */
  public static List<Served> discover(ApiClient client) throws ApiException {
    Optional<V1APIGroup> group = new ApisApi(client).getAPIVersions().execute().getGroups().stream()
        .filter(g -> "metallb.io".equals(g.getName())).findFirst();
    if (group.isEmpty()) {
      return List.of();
    }
    Set<String> versions = group.get().getVersions().stream().map(V1GroupVersionForDiscovery::getVersion)
        .collect(Collectors.toSet());
    List<Served> out = new ArrayList<>();
    for (String plural : CONFIG_KINDS) {
      if (plural.equals("bgppeers") && versions.contains("v1beta2")) {
        out.add(new Served(plural, "v1beta2"));
      } else if (versions.contains("v1beta1")) {
        out.add(new Served(plural, "v1beta1"));
      }
    }
    return out;
  }
}
