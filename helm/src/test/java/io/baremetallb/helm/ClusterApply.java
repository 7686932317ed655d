package io.baremetallb.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import io.baremetallb.localcluster.apiserver.ResourceType;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Creates the chart's objects on the embedded API server the way {@code helm install} does: CRDs
 * first, then every rendered object (Namespace first) by a generic create on its apiVersion and kind.
 */
final class ClusterApply {
    /**
     * Built-in kinds the embedded server does not serve (its README: no apps/v1, RBAC, policy). They
     * are registered as schema-less stored kinds, with no CRD object; KubeModels.parseStrict (ChartTest)
     * is what checks their fields.
     */
    private static final List<String> UNSERVED_BUILTINS = List.of(
            "apps/v1 Deployment deployments Namespaced",
            "apps/v1 DaemonSet daemonsets Namespaced",
            "policy/v1 PodDisruptionBudget poddisruptionbudgets Namespaced",
            "rbac.authorization.k8s.io/v1 Role roles Namespaced",
            "rbac.authorization.k8s.io/v1 RoleBinding rolebindings Namespaced",
            "rbac.authorization.k8s.io/v1 ClusterRole clusterroles Cluster",
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings Cluster");

    private final LocalCluster cluster;

    ClusterApply(LocalCluster cluster) {
        this.cluster = cluster;
        UNSERVED_BUILTINS.forEach(this::serve);
    }

    private void serve(String line) {
        String[] f = line.split(" ");
        String[] gv = f[0].split("/");
        Map<String, Object> crd = Map.of(
                "metadata", Map.of("name", f[2] + "." + gv[0]),
                "spec", Map.of("group", gv[0], "scope", f[3],
                        "names", Map.of("kind", f[1], "plural", f[2]),
                        "versions", List.of(Map.of("name", gv[1], "served", true,
                                "subresources", Map.of("status", Map.of())))));
        cluster.server().resourceTypes().defineFrom(new ObjectMapper().valueToTree(crd));
    }

    /** Creates every CRD of the chart through ApiextensionsV1Api; returns how many were accepted. */
    int createCrds() throws Exception {
        ApiextensionsV1Api api = new ApiextensionsV1Api(cluster.apiClient());
        int created = 0;
        for (JsonObject crd : Crds.all().values()) {
            api.createCustomResourceDefinition(cluster.apiClient().getJSON().deserialize(crd.toString(),
                    V1CustomResourceDefinition.class)).execute();
            created++;
        }
        return created;
    }

    /** Creates every object (Namespaces first); throws naming the first one refused. Returns the count. */
    int create(List<JsonObject> objects) {
        List<JsonObject> ordered = objects.stream()
                .sorted(Comparator.comparing(o -> !o.get("kind").getAsString().equals("Namespace"))).toList();
        int created = 0;
        for (JsonObject object : ordered) {
            KubernetesApiResponse<DynamicKubernetesObject> response =
                    api(object).create(new DynamicKubernetesObject(object));
            if (!response.isSuccess()) {
                throw new AssertionError("the API server refused " + Manifests.id(object) + ": "
                        + response.getHttpStatusCode() + " " + response.getStatus());
            }
            created++;
        }
        return created;
    }

    private DynamicKubernetesApi api(JsonObject object) {
        String apiVersion = object.get("apiVersion").getAsString();
        String kind = object.get("kind").getAsString();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        ResourceType type = cluster.server().resourceTypes().all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind))
                .findFirst().orElseThrow(() -> new AssertionError("the API server serves no " + apiVersion
                        + " " + kind + " (" + Manifests.id(object) + ")"));
        return new DynamicKubernetesApi(group, version, type.plural(), cluster.apiClient());
    }
}
