package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the workloads, their Secret, Services and ConfigMap look like once rendered. */
class WorkloadTest {

    @AfterEach
    void noSecretExists() {
        LookupServer.secret(Chart.NAMESPACE, "memberlist", null);
    }

    @Test
    void ipamRunsTwoLeaderElectedReplicasOnDifferentNodesWithHealthProbesAndResources() {
        V1Deployment deployment = Rendered.of("default").one("Deployment", "-ipam", V1Deployment.class);
        assertEquals(2, deployment.getSpec().getReplicas());
        V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("kubernetes.io/hostname", pod.getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getTopologyKey());
        V1Container ipam = pod.getContainers().get(0);
        assertEquals("/health/started", ipam.getStartupProbe().getHttpGet().getPath());
        assertEquals("/health/ready", ipam.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health/live", ipam.getLivenessProbe().getHttpGet().getPath());
        assertEquals(Set.of("cpu", "memory"), ipam.getResources().getRequests().keySet());
        assertEquals(Set.of("cpu", "memory"), ipam.getResources().getLimits().keySet());
        Map<String, String> env = values(ipam);
        assertEquals("true", env.get("BMLB_LEADER_ELECTION_ENABLED"));
        assertEquals("bmlb-baremetal-lb-ipam", env.get("BMLB_LEADER_ELECTION_LEASE_NAME"));
        assertEquals("cluster.local", env.get("BMLB_DNS_ZONES"));
        assertEquals("5", env.get("BMLB_DNS_TTL_SECONDS"));
        assertEquals("metadata.namespace", fieldRef(ipam, "BMLB_KUBE_NAMESPACE"));
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector());
    }

    @Test
    void hardAntiAffinityIsRequiredAndZonesAreJoined() {
        V1Deployment deployment = Rendered.of("everything").one("Deployment", "-ipam", V1Deployment.class);
        V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .size());
        assertEquals("lb.example.test,vip.example.test", values(pod.getContainers().get(0)).get("BMLB_DNS_ZONES"));
        assertEquals("registry.example.test/mirror/baremetal-lb/ipam-service:0.1.0", pod.getContainers().get(0)
                .getImage());
    }

    @Test
    void announcerRunsOnEveryLinuxNodeIncludingTheControlPlaneWithTheNodesIdentityAndTheKey() {
        V1DaemonSet daemonSet = Rendered.of("default").one("DaemonSet", "-announcer", V1DaemonSet.class);
        V1PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector());
        assertEquals(List.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"),
                pod.getTolerations().stream().map(V1Toleration::getKey).toList());
        V1Container announcer = pod.getContainers().get(0);
        assertEquals("spec.nodeName", fieldRef(announcer, "BMLB_NODE_NAME"));
        assertEquals("status.hostIP", fieldRef(announcer, "BMLB_HOST_IP"));
        assertEquals("status.hostIP", fieldRef(announcer, "BMLB_MEMBERLIST_BIND_ADDRESS"));
        V1EnvVar key = env(announcer, "BMLB_MEMBERLIST_SECRET_KEY");
        assertEquals("memberlist", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("secretkey", key.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(Set.of("/tmp", "/opt/ol/wlp/output", "/logs"), announcer.getVolumeMounts().stream()
                .map(V1VolumeMount::getMountPath).collect(Collectors.toSet()));
        assertTrue(pod.getVolumes().stream().allMatch(v -> v.getEmptyDir() != null));
    }

    @Test
    void theMemberlistKeyIs128RandomBytesFreshOnInstallAndKeptOnUpgrade() {
        V1Secret first = Rendered.of("default").one("Secret", "memberlist", V1Secret.class);
        byte[] key = first.getData().get("secretkey");
        assertEquals(128, Base64.getDecoder().decode(key).length, "base64 text of 128 bytes, like openssl rand");
        V1Secret second = Rendered.of("default").one("Secret", "memberlist", V1Secret.class);
        assertFalse(java.util.Arrays.equals(key, second.getData().get("secretkey")), "a fresh install, a new key");

        JsonObject existing = Rendered.of("default").one("Secret", "memberlist");
        LookupServer.secret(Chart.NAMESPACE, "memberlist", existing);
        V1Secret upgraded = Rendered.of("default").one("Secret", "memberlist", V1Secret.class);
        assertEquals(existing.getAsJsonObject("data").get("secretkey").getAsString(),
                Base64.getEncoder().encodeToString(upgraded.getData().get("secretkey")));
        assertEquals("keep", upgraded.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
    }

    @Test
    void anExplicitKeyIsUsedAsGiven() {
        V1Secret secret = Rendered.of("everything").one("Secret", "memberlist", V1Secret.class);
        assertEquals("c2VjcmV0LWtleS1mb3ItdGVzdHM=", new String(secret.getData().get("secretkey")));
    }

    @Test
    void servicesExposeTheApiDnsOverUdpAndTcpAndMetrics() {
        Rendered rendered = Rendered.of("default");
        assertEquals(List.of("80/TCP"), ports(rendered.one("Service", "-ipam-api", V1Service.class)));
        assertEquals(List.of("53/UDP", "53/TCP"), ports(rendered.one("Service", "-ipam-dns", V1Service.class)));
        assertEquals(List.of("9180/TCP"), ports(rendered.one("Service", "-ipam-metrics", V1Service.class)));
        assertEquals(List.of("9280/TCP"), ports(rendered.one("Service", "-announcer-metrics", V1Service.class)));
    }

    @Test
    void theLegacyConfigMapCarriesTheDocumentsConfigUnchanged() {
        V1ConfigMap configMap = Rendered.of("legacy").one("ConfigMap", "config", V1ConfigMap.class);
        assertEquals("""
                address-pools:
                - addresses:
                  - 192.168.5.5-192.168.5.9
                  name: my-ip-space
                  protocol: layer2
                """, configMap.getData().get("config"));
    }

    @Test
    void everyEnvironmentVariableTheChartSetsIsDocumentedAndEveryDocumentedOneIsSet() throws IOException {
        Rendered rendered = Rendered.of("default");
        Set<String> set = new TreeSet<>();
        for (V1Container c : List.of(
                rendered.one("Deployment", "-ipam", V1Deployment.class).getSpec().getTemplate().getSpec()
                        .getContainers().get(0),
                rendered.one("DaemonSet", "-announcer", V1DaemonSet.class).getSpec().getTemplate().getSpec()
                        .getContainers().get(0))) {
            c.getEnv().forEach(e -> set.add(e.getName()));
        }
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| `([A-Z][A-Z0-9_]+)` \\|", Pattern.MULTILINE).matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(documented, set);
    }

    @Test
    void everySettingInValuesYamlHasACommentAboveItOrAboveABlockItIsIn() throws IOException {
        List<String> lines = Files.readAllLines(Chart.DIRECTORY.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        Pattern key = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9]*):\\s*(\\S.*)?$");
        // documented[indent] = whether the enclosing block at that indentation has a comment.
        java.util.TreeMap<Integer, Boolean> documented = new java.util.TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = key.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            documented.tailMap(indent, true).clear();
            boolean commented = i > 0 && lines.get(i - 1).trim().startsWith("#")
                    || documented.values().stream().anyMatch(Boolean::booleanValue);
            documented.put(indent, commented);
            if (m.group(3) != null && !commented) {
                undocumented.add((i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertEquals(List.of(), undocumented);
    }

    private static List<String> ports(V1Service service) {
        return service.getSpec().getPorts().stream().map((V1ServicePort p) -> p.getPort() + "/" + p.getProtocol())
                .toList();
    }

    private static Map<String, String> values(V1Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(V1EnvVar::getName, V1EnvVar::getValue));
    }

    private static V1EnvVar env(V1Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String fieldRef(V1Container container, String name) {
        V1EnvVar var = env(container, name);
        assertNotEquals(null, var.getValueFrom(), name);
        return var.getValueFrom().getFieldRef().getFieldPath();
    }
}
