package io.baremetallb.bench.ipam;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's reading of Service changes: which Service, and whether its status has an address. */
class StatusWatchTest {
    @Test
    void anAddressedServiceIsSeenWithItsKey() throws IOException {
        StatusWatch.Seen seen = seen("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Service\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"name\":\"svc-1\",\"namespace\":\"ipam-large\",\"labels\":{\"a\":\"b\"},"
                + "\"managedFields\":[{\"x\":[1,2]}]},\"spec\":{\"ports\":[{\"port\":80}]},"
                + "\"status\":{\"conditions\":[],\"loadBalancer\":{\"ingress\":[{\"ipMode\":\"VIP\",\"ip\":\"2001:db8:1::5\","
                + "\"ports\":[{\"port\":80}]},{\"ip\":\"2001:db8:1::6\"}]}}}}");
        assertEquals("ipam-large/svc-1", seen.key());
        assertTrue(seen.addressed());
    }

    @Test
    void aServiceWithoutAnAddressIsSeenUnaddressed() throws IOException {
        for (String status : new String[] {"", ",\"status\":{}", ",\"status\":{\"loadBalancer\":{}}",
                ",\"status\":{\"loadBalancer\":{\"ingress\":[]}}",
                ",\"status\":{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"h\"}]}}"}) {
            StatusWatch.Seen seen = seen("{\"object\":{\"metadata\":{\"namespace\":\"n\",\"name\":\"s\"}" + status
                    + "},\"type\":\"ADDED\"}");
            assertEquals("n/s", seen.key(), status);
            assertFalse(seen.addressed(), status);
        }
    }

    @Test
    void bookmarksHaveNoKeyAndBrokenLinesAreErrors() throws IOException {
        assertNull(seen("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Service\",\"metadata\":"
                + "{\"resourceVersion\":\"12\"}}}").key());
        assertThrows(IOException.class, () -> seen("[\"not an event\"]"));
    }

    @Test
    void inProcessNotesAServiceWhenStoredAndItsAddressWhenItsStatusIs() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(); StatusWatch watch = StatusWatch.inProcess(cluster)) {
            CoreV1Api core = new CoreV1Api(cluster.apiClient());
            core.createNamespacedService("default", new V1Service().metadata(new V1ObjectMeta().name("s"))
                    .spec(new V1ServiceSpec().type("LoadBalancer").addPortsItem(new V1ServicePort().port(80))))
                    .execute();
            assertNotNull(watch.firstSeenAt("default/s"));
            assertNull(watch.addressedAt("default/s"));
            patchStatus(cluster, "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"h\"}]}}}");
            assertNull(watch.addressedAt("default/s"), "a hostname is not an address");
            long before = System.nanoTime();
            patchStatus(cluster, "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.7\"}]}}}");
            watch.awaitAll(List.of("default/s"), 5);
            assertTrue(watch.addressedAt("default/s") >= before);
            assertTrue(watch.firstSeenAt("default/s") < before);
        }
    }

    private static void patchStatus(LocalCluster cluster, String patch) throws Exception {
        CoreV1Api core = new CoreV1Api(cluster.apiClient());
        PatchUtils.patch(V1Service.class, () -> core.patchNamespacedServiceStatus("s", "default", new V1Patch(patch))
                .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, cluster.apiClient());
    }

    private static StatusWatch.Seen seen(String line) throws IOException {
        return StatusWatch.Seen.of((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
