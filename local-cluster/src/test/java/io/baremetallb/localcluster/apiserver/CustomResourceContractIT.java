package io.baremetallb.localcluster.apiserver;

import io.baremetallb.localcluster.junit.LocalClusterExtension;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CRD through client-java, then its custom resources: CRUD, status subresource, merge patch, deletion with the CRD. */
@ExtendWith(LocalClusterExtension.class)
class CustomResourceContractIT {
    private static final String GROUP = "metallb.io";
    private static final String VERSION = "v1beta1";
    private static final String PLURAL = "ipaddresspools";

    /** Read with SnakeYAML and client-java's Gson: client-java's own Yaml class takes seconds to start. */
    static V1CustomResourceDefinition crd(ApiClient client) throws IOException {
        try (var in = CustomResourceContractIT.class.getResourceAsStream("/apiserver/ipaddresspools-crd.yaml")) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return client.getJSON().deserialize(client.getJSON().serialize(tree), V1CustomResourceDefinition.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pool(String name, String range) {
        Map<String, Object> o = new HashMap<>();
        o.put("apiVersion", GROUP + "/" + VERSION);
        o.put("kind", "IPAddressPool");
        o.put("metadata", Map.of("name", name));
        o.put("spec", Map.of("addresses", List.of(range), "autoAssign", true));
        o.put("status", Map.of("assigned", 99));
        return o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void crdDefinesAKindWhoseObjectsLiveLikeBuiltInOnes(ApiClient client) throws Exception {
        V1CustomResourceDefinition created = new ApiextensionsV1Api(client).createCustomResourceDefinition(crd(client)).execute();
        assertTrue(created.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));
        CustomObjectsApi custom = new CustomObjectsApi(client);

        Map<String, Object> made = (Map<String, Object>) custom.createNamespacedCustomObject(GROUP, VERSION, "default",
                PLURAL, pool("my-ip-space", "192.0.2.5-192.0.2.9")).execute();
        Map<String, Object> meta = (Map<String, Object>) made.get("metadata");
        assertEquals(1, ((Number) meta.get("generation")).intValue());
        assertTrue(!made.containsKey("status"), "status is a subresource: not taken on create");

        Map<String, Object> status = new HashMap<>(made);
        status.put("status", Map.of("assigned", 1));
        Map<String, Object> labelled = new HashMap<>(meta);
        labelled.put("labels", Map.of("through", "status"));
        status.put("metadata", labelled);
        Map<String, Object> afterStatus = (Map<String, Object>) custom.replaceNamespacedCustomObjectStatus(GROUP,
                VERSION, "default", PLURAL, "my-ip-space", status).execute();
        assertTrue(!((Map<String, Object>) afterStatus.get("metadata")).containsKey("labels"),
                "a custom resource's /status keeps everything but the status");
        Map<String, Object> patched = (Map<String, Object>) PatchUtils.patch(Object.class,
                () -> custom.patchNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "my-ip-space",
                        new V1Patch("{\"spec\":{\"autoAssign\":false}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertEquals(1, ((Number) ((Map<String, Object>) patched.get("status")).get("assigned")).intValue());
        assertEquals(false, ((Map<String, Object>) patched.get("spec")).get("autoAssign"));
        assertEquals(2, ((Number) ((Map<String, Object>) patched.get("metadata")).get("generation")).intValue());

        Map<String, Object> list = (Map<String, Object>) custom.listNamespacedCustomObject(GROUP, VERSION, "default",
                PLURAL).execute();
        assertEquals(1, ((List<?>) list.get("items")).size());
        assertEquals("IPAddressPoolList", list.get("kind"));

        ApiException smp = assertThrows(ApiException.class, () -> PatchUtils.patch(Object.class,
                () -> custom.patchNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "my-ip-space",
                        new V1Patch("{\"spec\":{}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client));
        assertEquals(415, smp.getCode(), "as the real server, no strategic merge patch for custom resources");

        new ApiextensionsV1Api(client).deleteCustomResourceDefinition("ipaddresspools.metallb.io").execute();
        ApiException gone = assertThrows(ApiException.class, () -> custom.getNamespacedCustomObject(GROUP, VERSION,
                "default", PLURAL, "my-ip-space").execute());
        assertEquals(404, gone.getCode(), "deleting the CRD removes its kind and objects");
    }
}
