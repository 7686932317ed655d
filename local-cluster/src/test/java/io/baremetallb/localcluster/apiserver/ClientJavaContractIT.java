package io.baremetallb.localcluster.apiserver;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.baremetallb.localcluster.junit.LocalClusterExtension;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API server through client-java 27, as our services use it: CRUD, conflicts, status, patches, selectors. */
@ExtendWith(LocalClusterExtension.class)
class ClientJavaContractIT {
    private static final String NS = "contract";
    private static CoreV1Api core;
    private static ApiClient client;

    @BeforeAll
    static void namespace(LocalCluster cluster) throws ApiException {
        client = cluster.apiClient();
        core = new CoreV1Api(client);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS))).execute();
    }

    static V1Service service(String name, Map<String, String> labels, String type) {
        return new V1Service().metadata(new V1ObjectMeta().name(name).labels(labels))
                .spec(new V1ServiceSpec().type(type).selector(Map.of("app", name))
                        .ports(List.of(new V1ServicePort().port(80))));
    }

    @Test
    void createReadUpdateDeleteAService() throws ApiException {
        V1Service created = core.createNamespacedService(NS, service("crud", Map.of("app", "crud"), "LoadBalancer"))
                .execute();
        assertNotNull(created.getMetadata().getUid());
        assertNotNull(created.getMetadata().getCreationTimestamp());
        assertEquals(1L, created.getMetadata().getGeneration());
        assertTrue(created.getSpec().getClusterIP().startsWith("10."), created.getSpec().getClusterIP());
        assertEquals("Cluster", created.getSpec().getExternalTrafficPolicy());
        assertNotNull(created.getSpec().getPorts().get(0).getNodePort());

        V1Service read = core.readNamespacedService("crud", NS).execute();
        assertEquals(created.getMetadata().getResourceVersion(), read.getMetadata().getResourceVersion());
        read.getSpec().setSelector(Map.of("app", "crud-v2"));
        V1Service updated = core.replaceNamespacedService("crud", NS, read).execute();
        assertEquals(2L, updated.getMetadata().getGeneration());
        assertEquals(created.getSpec().getClusterIP(), updated.getSpec().getClusterIP());
        assertTrue(Long.parseLong(updated.getMetadata().getResourceVersion())
                > Long.parseLong(read.getMetadata().getResourceVersion()));

        V1Service deleted = core.deleteNamespacedService("crud", NS).execute();
        assertEquals("crud", deleted.getMetadata().getName());
        assertEquals(404, assertThrows(ApiException.class,
                () -> core.readNamespacedService("crud", NS).execute()).getCode());
    }

    @Test
    void generateNameGetsARandomSuffix() throws ApiException {
        V1ConfigMap cm = core.createNamespacedConfigMap(NS, new V1ConfigMap()
                .metadata(new V1ObjectMeta().generateName("gen-")).data(Map.of("k", "v"))).execute();
        assertTrue(cm.getMetadata().getName().matches("gen-[a-z0-9]{5}"), cm.getMetadata().getName());
    }

    @Test
    void staleUpdateIsAConflict() throws ApiException {
        core.createNamespacedService(NS, service("stale", Map.of(), "ClusterIP")).execute();
        V1Service first = core.readNamespacedService("stale", NS).execute();
        V1Service second = core.readNamespacedService("stale", NS).execute();
        first.getMetadata().putLabelsItem("writer", "first");
        core.replaceNamespacedService("stale", NS, first).execute();
        second.getMetadata().putLabelsItem("writer", "second");
        ApiException e = assertThrows(ApiException.class,
                () -> core.replaceNamespacedService("stale", NS, second).execute());
        assertEquals(409, e.getCode());
        assertTrue(e.getResponseBody().contains("\"reason\":\"Conflict\""), e.getResponseBody());

        String stalePatch = "{\"metadata\":{\"resourceVersion\":\"" + second.getMetadata().getResourceVersion()
                + "\",\"labels\":{\"writer\":\"patch\"}}}";
        ApiException p = assertThrows(ApiException.class, () -> PatchUtils.patch(V1Service.class,
                () -> core.patchNamespacedService("stale", NS, new V1Patch(stalePatch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client));
        assertEquals(409, p.getCode());
    }

    @Test
    void statusIsKeptApartFromTheObject() throws ApiException {
        V1Service svc = service("status", Map.of(), "LoadBalancer");
        svc.status(lbStatus("192.0.2.1"));
        V1Service created = core.createNamespacedService(NS, svc).execute();
        assertEquals(List.of(), ingress(created), "status is not taken on create");

        created.status(lbStatus("192.0.2.2"));
        V1Service afterPut = core.replaceNamespacedService("status", NS, created).execute();
        assertEquals(List.of(), ingress(afterPut), "PUT on the object ignores status");

        afterPut.status(lbStatus("192.0.2.3"));
        afterPut.getSpec().setSelector(Map.of("app", "changed-through-status"));
        V1Service afterStatus = core.replaceNamespacedServiceStatus("status", NS, afterPut).execute();
        assertEquals("192.0.2.3", afterStatus.getStatus().getLoadBalancer().getIngress().get(0).getIp());
        assertEquals(Map.of("app", "status"), afterStatus.getSpec().getSelector(), "PUT on /status ignores spec");

        V1Service patched = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedServiceStatus("status", NS,
                        new V1Patch("{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.4\"}]}},"
                                + "\"spec\":{\"type\":\"ClusterIP\"}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertEquals("192.0.2.4", patched.getStatus().getLoadBalancer().getIngress().get(0).getIp());
        assertEquals("LoadBalancer", patched.getSpec().getType());

        V1Service annotated = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedServiceStatus("status", NS,
                        new V1Patch("{\"metadata\":{\"annotations\":{\"metallb.io/ip-allocated-from-pool\":\"p\"},"
                                + "\"uid\":\"forged\"},\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.5\"}]}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertEquals("p", annotated.getMetadata().getAnnotations().get("metallb.io/ip-allocated-from-pool"),
                "as kube-apiserver for core kinds, /status stores annotations too (kubernetes/kubernetes#92022)");
        assertEquals(created.getMetadata().getUid(), annotated.getMetadata().getUid(), "but no system field");
        assertEquals("192.0.2.5", annotated.getStatus().getLoadBalancer().getIngress().get(0).getIp());
    }

    private static List<V1LoadBalancerIngress> ingress(V1Service svc) {
        List<V1LoadBalancerIngress> ingress = svc.getStatus().getLoadBalancer().getIngress();
        return ingress == null ? List.of() : ingress;
    }

    private static V1ServiceStatus lbStatus(String ip) {
        return new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
                .ingress(List.of(new V1LoadBalancerIngress().ip(ip))));
    }

    @Test
    void jsonMergeAndStrategicPatches() throws ApiException {
        core.createNamespacedService(NS, service("patched", Map.of("a", "1"), "NodePort")).execute();
        V1Service json = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedService("patched", NS,
                        new V1Patch("[{\"op\":\"add\",\"path\":\"/metadata/labels/b\",\"value\":\"2\"}]")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH, client);
        assertEquals(Map.of("a", "1", "b", "2"), json.getMetadata().getLabels());

        V1Service merge = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedService("patched", NS,
                        new V1Patch("{\"metadata\":{\"labels\":{\"a\":null}}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertEquals(Map.of("b", "2"), merge.getMetadata().getLabels());

        int nodePort = merge.getSpec().getPorts().get(0).getNodePort();
        V1Service smp = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedService("patched", NS,
                        new V1Patch("{\"spec\":{\"ports\":[{\"port\":443,\"targetPort\":8443}]}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
        assertEquals(2, smp.getSpec().getPorts().size(), "strategic merge adds by the port merge key");
        assertEquals(nodePort, smp.getSpec().getPorts().get(0).getNodePort());
        assertNotNull(smp.getSpec().getPorts().get(1).getNodePort());
    }

    @Test
    void listsFilterByLabelAndFieldSelectors() throws ApiException {
        core.createNamespacedService(NS, service("sel-web", Map.of("tier", "web", "env", "prod"), "ClusterIP")).execute();
        core.createNamespacedService(NS, service("sel-db", Map.of("tier", "db", "env", "prod"), "NodePort")).execute();
        core.createNamespacedService(NS, service("sel-dev", Map.of("tier", "web", "env", "dev"), "ClusterIP")).execute();
        assertEquals(List.of("sel-web"), names(core.listNamespacedService(NS).labelSelector("tier=web,env=prod")));
        assertEquals(List.of("sel-db", "sel-dev"),
                names(core.listNamespacedService(NS).labelSelector("env in (prod,dev),tier notin (web)"),
                        core.listNamespacedService(NS).labelSelector("env=dev")));
        assertEquals(List.of("sel-db"), names(core.listNamespacedService(NS).labelSelector("env")
                .fieldSelector("spec.type=NodePort")));
        assertEquals(List.of("sel-dev"), names(core.listServiceForAllNamespaces()
                .fieldSelector("metadata.name=sel-dev,metadata.namespace=" + NS)));
    }

    private static List<String> names(Object... requests) throws ApiException {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (Object r : requests) {
            var list = r instanceof CoreV1Api.APIlistNamespacedServiceRequest n ? n.execute()
                    : ((CoreV1Api.APIlistServiceForAllNamespacesRequest) r).execute();
            list.getItems().forEach(s -> out.add(s.getMetadata().getName()));
        }
        return out;
    }

    @Test
    void finalizersHoldBackDeletionUntilRemoved() throws ApiException {
        core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("held")
                .finalizers(List.of("baremetallb.io/test")))).execute();
        core.deleteNamespacedConfigMap("held", NS).execute();
        V1ConfigMap marked = core.readNamespacedConfigMap("held", NS).execute();
        assertNotNull(marked.getMetadata().getDeletionTimestamp());
        marked.getMetadata().setFinalizers(List.of());
        core.replaceNamespacedConfigMap("held", NS, marked).execute();
        assertEquals(404, assertThrows(ApiException.class,
                () -> core.readNamespacedConfigMap("held", NS).execute()).getCode());
    }

    @Test
    void objectsNeedTheirNamespaceAndValidNames() {
        ApiException missing = assertThrows(ApiException.class, () -> core.createNamespacedConfigMap("nowhere",
                new V1ConfigMap().metadata(new V1ObjectMeta().name("x"))).execute());
        assertEquals(404, missing.getCode());
        ApiException invalid = assertThrows(ApiException.class, () -> core.createNamespacedService(NS,
                service("Not_Valid", Map.of(), "ClusterIP")).execute());
        assertEquals(422, invalid.getCode());
        assertTrue(invalid.getResponseBody().contains("\"kind\":\"Status\""), invalid.getResponseBody());
    }

    @Test
    void secretStringDataIsMergedIntoDataAsTheRealServerDoes() throws ApiException {
        io.kubernetes.client.openapi.models.V1Secret made = core.createNamespacedSecret(NS,
                new io.kubernetes.client.openapi.models.V1Secret().metadata(new V1ObjectMeta().name("memberlist"))
                        .putDataItem("a", "old".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .putStringDataItem("secretkey", "s3cret").putStringDataItem("a", "new")).execute();
        assertEquals("s3cret", new String(made.getData().get("secretkey"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("new", new String(made.getData().get("a"), java.nio.charset.StandardCharsets.UTF_8),
                "stringData wins over data");
        assertTrue(made.getStringData() == null || made.getStringData().isEmpty(), "stringData is write-only");
        assertEquals("Opaque", made.getType());
    }
}
