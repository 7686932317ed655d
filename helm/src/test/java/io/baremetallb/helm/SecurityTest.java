package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Least privilege: no privileged container, two capabilities for the announcer, exact RBAC. */
class SecurityTest {

    @ParameterizedTest
    @FieldSource("io.baremetallb.helm.Rendered#VALUE_SETS")
    void noContainerIsPrivilegedEscalatesOrWritesItsRootFilesystem(String valueSet) {
        Rendered rendered = Rendered.of(valueSet);
        List<V1PodSpec> pods = List.of(
                rendered.one("Deployment", "-ipam", V1Deployment.class).getSpec().getTemplate().getSpec(),
                rendered.one("DaemonSet", "-announcer", V1DaemonSet.class).getSpec().getTemplate().getSpec());
        for (V1PodSpec pod : pods) {
            assertFalse(Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC()));
            assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null), "no hostPath volume");
            for (V1Container container : pod.getContainers()) {
                V1SecurityContext security = container.getSecurityContext();
                assertEquals(Boolean.FALSE, security.getPrivileged(), container.getName());
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), container.getName());
                assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), container.getName());
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), container.getName());
            }
        }
    }

    @Test
    void theAnnouncerGetsExactlyNetRawAndNetAdminAndTheIpamNoCapabilityAndNoRoot() {
        Rendered rendered = Rendered.of("default");
        V1PodSpec announcer = rendered.one("DaemonSet", "-announcer", V1DaemonSet.class).getSpec().getTemplate()
                .getSpec();
        assertEquals(List.of("NET_RAW", "NET_ADMIN"),
                announcer.getContainers().get(0).getSecurityContext().getCapabilities().getAdd());
        assertEquals(Boolean.TRUE, announcer.getHostNetwork());
        V1PodSpec ipam = rendered.one("Deployment", "-ipam", V1Deployment.class).getSpec().getTemplate().getSpec();
        var added = ipam.getContainers().get(0).getSecurityContext().getCapabilities().getAdd();
        assertTrue(added == null || added.isEmpty(), "IPAM adds no capability: " + added);
        assertEquals(Boolean.TRUE, ipam.getSecurityContext().getRunAsNonRoot());
        assertNotEquals(0L, ipam.getSecurityContext().getRunAsUser());
        assertFalse(Boolean.TRUE.equals(ipam.getHostNetwork()));
    }

    /** Every rule of every role: "Kind component apiGroup resource: verbs", one line per resource. */
    private static final List<String> RBAC = List.of(
            "ClusterRole announcer : events: create patch",
            "ClusterRole announcer : namespaces: get list watch",
            "ClusterRole announcer : nodes: get list watch",
            "ClusterRole announcer : services: get list watch",
            "ClusterRole announcer discovery.k8s.io: endpointslices: get list watch",
            "ClusterRole ipam : events: create patch",
            "ClusterRole ipam : namespaces: list watch",
            "ClusterRole ipam : services: get list watch update",
            "ClusterRole ipam : services/status: update patch",
            "ClusterRole ipam authentication.k8s.io: tokenreviews: create",
            "ClusterRole ipam authorization.k8s.io: subjectaccessreviews: create",
            "Role announcer : configmaps: get list watch",
            "Role announcer : secrets: get list watch",
            "Role announcer metallb.io: bfdprofiles: get list watch",
            "Role announcer metallb.io: bgpadvertisements: get list watch",
            "Role announcer metallb.io: bgppeers: get list watch",
            "Role announcer metallb.io: communities: get list watch",
            "Role announcer metallb.io: ipaddresspools: get list watch",
            "Role announcer metallb.io: l2advertisements: get list watch",
            "Role announcer metallb.io: servicebgpstatuses: get list watch create update patch delete",
            "Role announcer metallb.io: servicebgpstatuses/status: get update patch",
            "Role announcer metallb.io: servicel2statuses: get list watch create update patch delete",
            "Role announcer metallb.io: servicel2statuses/status: get update patch",
            "Role ipam : configmaps: get list watch",
            "Role ipam baremetallb.io: ipreservations: get list watch create update patch delete",
            "Role ipam baremetallb.io: ipreservations/status: get update patch",
            "Role ipam coordination.k8s.io: leases: get create update",
            "Role ipam metallb.io: bfdprofiles: get list watch",
            "Role ipam metallb.io: bgpadvertisements: get list watch",
            "Role ipam metallb.io: bgppeers: get list watch",
            "Role ipam metallb.io: communities: get list watch",
            "Role ipam metallb.io: ipaddresspools: get list watch",
            "Role ipam metallb.io: ipaddresspools/status: patch",
            "Role ipam metallb.io: l2advertisements: get list watch");

    @ParameterizedTest
    @FieldSource("io.baremetallb.helm.Rendered#VALUE_SETS")
    void rbacGrantsExactlyTheVerbsEachComponentNeedsAndNothingElse(String valueSet) {
        Rendered rendered = Rendered.of(valueSet);
        Set<String> granted = new TreeSet<>();
        for (JsonObject object : rendered.ofKind("ClusterRole")) {
            add(granted, "ClusterRole", object, KubeModels.parseStrict(object, V1ClusterRole.class).getRules());
        }
        for (JsonObject object : rendered.ofKind("Role")) {
            add(granted, "Role", object, KubeModels.parseStrict(object, V1Role.class).getRules());
        }
        assertEquals(new TreeSet<>(RBAC), granted);
    }

    @Test
    void everyCustomResourceTheRolesNameIsServedByAChartCrd() {
        Set<String> served = new TreeSet<>();
        Crds.all().values().forEach(crd -> served.add(crd.getAsJsonObject("spec").get("group").getAsString() + ": "
                + crd.getAsJsonObject("spec").getAsJsonObject("names").get("plural").getAsString()));
        for (String line : RBAC) {
            String[] words = line.split(" ", 3);
            String groupAndResource = words[2].substring(0, words[2].lastIndexOf(':')).replace("/status", "");
            if (groupAndResource.contains(".io: ") && !groupAndResource.contains("k8s.io")) {
                assertTrue(served.contains(groupAndResource), groupAndResource + " is not among " + served);
            }
        }
    }

    @Test
    void everyBindingGivesItsRoleToItsOwnServiceAccountOnly() {
        Rendered rendered = Rendered.of("default");
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonObject binding : rendered.ofKind(kind)) {
                String name = binding.getAsJsonObject("metadata").get("name").getAsString();
                assertEquals(name, binding.getAsJsonObject("roleRef").get("name").getAsString());
                var subjects = binding.getAsJsonArray("subjects");
                assertEquals(1, subjects.size(), name);
                assertEquals("ServiceAccount", subjects.get(0).getAsJsonObject().get("kind").getAsString());
                assertEquals(name, subjects.get(0).getAsJsonObject().get("name").getAsString());
                assertEquals(Chart.NAMESPACE, subjects.get(0).getAsJsonObject().get("namespace").getAsString());
            }
        }
    }

    private static void add(Set<String> granted, String kind, JsonObject role, List<V1PolicyRule> rules) {
        String component = role.getAsJsonObject("metadata").getAsJsonObject("labels")
                .get("app.kubernetes.io/component").getAsString();
        for (V1PolicyRule rule : rules) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), "no rule is limited by name");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    String line = kind + " " + component + " " + group + ": " + resource + ": "
                            + String.join(" ", rule.getVerbs());
                    assertTrue(granted.add(line), "granted twice: " + line);
                }
            }
        }
    }
}
