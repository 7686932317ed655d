package io.baremetallb.localcluster.apiserver;

import io.baremetallb.localcluster.junit.LocalCluster;
import io.baremetallb.localcluster.junit.LocalClusterExtension;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What other modules' integration tests rely on: one server per class, injected as LocalCluster, ApiServer, ApiClient. */
@ExtendWith(LocalClusterExtension.class)
class LocalClusterExtensionIT {
    private static LocalCluster first;

    @BeforeAll
    static void remember(LocalCluster cluster) {
        first = cluster;
    }

    @Test
    void everyParameterComesFromTheClassesOneServer(LocalCluster cluster, ApiServer server, ApiClient client)
            throws ApiException, java.io.IOException {
        assertSame(first, cluster);
        assertSame(cluster.server(), server);
        assertSame(cluster.apiClient(), client);
        assertTrue(Files.readString(cluster.kubeconfig()).contains("server: " + cluster.baseUrl()),
                "the kubeconfig names the server");
        assertEquals(server.baseUrl(), "http://127.0.0.1:" + server.port());
        assertTrue(new CoreV1Api(client).listNamespace().execute().getItems().stream()
                .anyMatch(ns -> ns.getMetadata().getName().equals("default")));
    }

    @Test
    void aSecondTestGetsTheSameServer(LocalCluster cluster) {
        assertSame(first, cluster);
    }
}
