package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.baremetallb.ipam.k8s.IpamController;
import io.baremetallb.ipam.k8s.IpamSettings;
import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered chart installed on the embedded API server, then the IPAM controller started with the
 * settings the chart's Deployment gives it: a LoadBalancer Service gets an address from the pool the
 * chart configured (the user's document's pool, 192.168.5.5-192.168.5.9, mapped to 192.0.2.105-109).
 */
class ChartOnClusterIT {
    private static final Map<String, String> VALUE_SETS = Map.of(
            "legacy", """
                    namespace: {create: true}
                    legacyConfig:
                      create: true
                      config:
                        address-pools:
                          - {name: my-ip-space, protocol: layer2, addresses: [192.0.2.105-192.0.2.109]}
                    """,
            "crs", """
                    namespace: {create: true}
                    customResources:
                      ipAddressPools:
                        - {name: my-ip-space, spec: {addresses: [192.0.2.105-192.0.2.109]}}
                      l2Advertisements:
                        - {name: my-ip-space, spec: {ipAddressPools: [my-ip-space]}}
                    """);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"legacy", "crs"})
    void theInstalledChartConfiguresTheIpamController(String valueSet) throws Exception {
        List<JsonObject> rendered = render(valueSet);
        try (LocalCluster cluster = LocalCluster.start()) {
            ClusterApply apply = new ClusterApply(cluster);
            assertEquals(Crds.all().size(), apply.createCrds(), "CRDs accepted");
            int created = apply.create(rendered);
            assertEquals(rendered.size(), created, valueSet + ": rendered objects accepted");
            System.out.printf("METRIC chart_on_cluster_%s_objects=%d count (+%d CRDs)%n", valueSet, created,
                    Crds.all().size());

            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            V1Secret memberlist = core.readNamespacedSecret("memberlist", Chart.NAMESPACE).execute();
            assertTrue(memberlist.getData() != null && memberlist.getData().get("secretkey") != null
                    && memberlist.getData().get("secretkey").length > 0, "memberlist Secret has a secretkey");

            String deployment = new Rendered(valueSet, rendered, 0).one("Deployment", "-ipam")
                    .getAsJsonObject("metadata").get("name").getAsString();
            IpamSettings settings = settingsOf(new AppsV1Api(cluster.apiClient())
                    .readNamespacedDeployment(deployment, Chart.NAMESPACE).execute());
            assertEquals(Chart.NAMESPACE, settings.namespace());
            assertTrue(settings.leaderElection(), "the chart's default: leader election on");
            try (IpamController controller = new IpamController(cluster.newApiClient(), settings)) {
                controller.start();
                core.createNamespacedService("default", new V1Service()
                        .metadata(new V1ObjectMeta().namespace("default").name("myapp-svc"))
                        .spec(new V1ServiceSpec().type("LoadBalancer").selector(Map.of("app", "myapp"))
                                .ports(List.of(new V1ServicePort().port(80).protocol("TCP"))))).execute();
                assertEquals("192.0.2.105", awaitAddress(core, "default", "myapp-svc"));
                String source = valueSet.equals("legacy")
                        ? "ConfigMap " + Chart.NAMESPACE + "/" + settings.configMapName() : "metallb.io resources";
                assertEquals(source, controller.configState().source(), "where the configuration came from");
                assertEquals(settings.identity(), new CoordinationV1Api(cluster.apiClient())
                        .readNamespacedLease(settings.leaseName(), Chart.NAMESPACE).execute().getSpec()
                        .getHolderIdentity(), "the chart's Lease names the leader");
            }
        }
    }

    private static List<JsonObject> render(String valueSet) throws Exception {
        Path values = Path.of("target", "chart-on-cluster", valueSet + ".yaml").toAbsolutePath();
        Files.createDirectories(values.getParent());
        Files.writeString(values, VALUE_SETS.get(valueSet));
        return Manifests.parse(Chart.helm().template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(values).call());
    }

    /** What IpamRuntime reads from MicroProfile Config, taken from the Deployment's container env. */
    static IpamSettings settingsOf(V1Deployment deployment) {
        Map<String, V1EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .stream().collect(Collectors.toMap(V1EnvVar::getName, Function.identity()));
        assertEquals("metadata.namespace", env.get("BMLB_KUBE_NAMESPACE").getValueFrom().getFieldRef().getFieldPath(),
                "BMLB_KUBE_NAMESPACE is the pod's namespace");
        Function<String, String> value = name -> {
            V1EnvVar v = env.get(name);
            if (v == null || v.getValue() == null) {
                throw new AssertionError("the ipam Deployment sets no value for " + name);
            }
            return v.getValue();
        };
        Function<String, Duration> seconds = name -> Duration.ofSeconds(Long.parseLong(value.apply(name)));
        IpamSettings defaults = IpamSettings.defaults("x");
        return new IpamSettings(deployment.getMetadata().getNamespace(), value.apply("BMLB_CONFIG_CONFIGMAP"),
                defaults.configKey(), value.apply("BMLB_LOADBALANCER_CLASS"), defaults.claimClassless(),
                Boolean.parseBoolean(value.apply("BMLB_LEADER_ELECTION_ENABLED")),
                value.apply("BMLB_LEADER_ELECTION_LEASE_NAME"), deployment.getMetadata().getName() + "-pod-0",
                seconds.apply("BMLB_LEADER_ELECTION_LEASE_DURATION_SECONDS"),
                seconds.apply("BMLB_LEADER_ELECTION_RENEW_DEADLINE_SECONDS"),
                seconds.apply("BMLB_LEADER_ELECTION_RETRY_PERIOD_SECONDS"),
                Integer.parseInt(value.apply("BMLB_WORKERS")));
    }

    private static String awaitAddress(CoreV1Api core, String namespace, String name) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            String ip = address(core.readNamespacedService(name, namespace).execute());
            if (!ip.isEmpty()) {
                return ip;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no address for " + namespace + "/" + name + " in 30 s: "
                + core.listNamespacedEvent(namespace).execute().getItems().stream()
                        .map(e -> e.getReason() + ": " + e.getMessage()).toList());
    }

    private static String address(V1Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        return service.getStatus().getLoadBalancer().getIngress().stream().map(V1LoadBalancerIngress::getIp)
                .collect(Collectors.joining(","));
    }
}
