package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data-dir}: objects, CRD kinds and the resourceVersion counter survive a restart. */
class PersistenceContractIT {
    @TempDir
    Path dataDir;

    @Test
    void objectsAndCustomKindsSurviveARestart() throws Exception {
        long rvBefore;
        String uid;
        try (ApiServer first = ApiServer.start(ApiServer.Options.defaults().withDataDir(dataDir))) {
            ApiOperations ops = first.operations();
            ResourceTypes types = first.resourceTypes();
            ObjectNode cm = Json.object();
            Json.meta(cm).put("name", "config");
            cm.putObject("data").put("config", "address-pools: []");
            uid = Json.text(ops.create(types.require("", "v1", "configmaps"), "default", cm, false).path("metadata"),
                    "uid");
            ObjectNode crd = Json.MAPPER.valueToTree(new org.yaml.snakeyaml.Yaml().load(
                    getClass().getResourceAsStream("/apiserver/ipaddresspools-crd.yaml")));
            ops.create(types.require("apiextensions.k8s.io", "v1", "customresourcedefinitions"), null, crd, false);
            ObjectNode deleted = Json.object();
            Json.meta(deleted).put("name", "short-lived");
            ops.create(types.require("", "v1", "configmaps"), "default", deleted, false);
            ops.delete(types.require("", "v1", "configmaps"), "default", "short-lived", null, false);
            rvBefore = first.resourceVersion();
        }
        try (ApiServer second = ApiServer.start(ApiServer.Options.defaults().withDataDir(dataDir))) {
            ApiOperations ops = second.operations();
            ResourceTypes types = second.resourceTypes();
            ObjectNode cm = ops.get(types.require("", "v1", "configmaps"), "default", "config");
            assertEquals(uid, Json.text(cm.path("metadata"), "uid"));
            assertEquals("address-pools: []", cm.path("data").path("config").asText());
            assertTrue(types.find("metallb.io", "v1beta1", "ipaddresspools").isPresent(), "CRD kinds come back");
            assertNull(second.operations().list(types.require("", "v1", "configmaps"), "default",
                    LabelSelector.EVERYTHING, FieldSelector.parse("metadata.name=short-lived", "ConfigMap"))
                    .items().stream().findAny().orElse(null));
            assertEquals(rvBefore, second.resourceVersion(), "the counter continues, deletions included");
            ObjectNode next = Json.object();
            Json.meta(next).put("name", "after-restart");
            ObjectNode made = ops.create(types.require("", "v1", "configmaps"), "default", next, false);
            assertEquals(rvBefore + 1, made.path("metadata").path("resourceVersion").asLong());
        }
    }
}
