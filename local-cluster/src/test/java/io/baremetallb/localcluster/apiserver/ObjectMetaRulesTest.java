package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An update that changes nothing but the resourceVersion is not stored; anything else is. */
class ObjectMetaRulesTest {
    private static ObjectNode service() {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "Service");
        Json.meta(o).put("name", "web").put("namespace", "demo").put("resourceVersion", "7")
                .putObject("annotations").put("a", "1");
        o.putObject("spec").put("type", "LoadBalancer").putArray("ports").addObject().put("port", 80);
        o.putObject("status").putObject("loadBalancer");
        return o;
    }

    @Test
    void onlyTheResourceVersionDifferingIsUnchanged() {
        ObjectNode old = service();
        ObjectNode next = service();
        Json.meta(next).put("resourceVersion", "8");
        assertTrue(ObjectMetaRules.unchanged(next, old));
        Json.meta(next).remove("resourceVersion");
        assertTrue(ObjectMetaRules.unchanged(next, old), "an update without a resourceVersion");
        assertTrue(ObjectMetaRules.unchanged(old, next));
        assertEquals("7", Json.meta(old).path("resourceVersion").asText(), "neither side is changed by the comparison");
    }

    @Test
    void anyOtherDifferenceIsAChange() {
        ObjectNode old = service();
        ObjectNode ann = service();
        Json.meta(ann).withObject("annotations").put("a", "2");
        ObjectNode label = service();
        Json.meta(label).putObject("labels").put("app", "web");
        ObjectNode spec = service();
        ((ObjectNode) spec.path("spec").path("ports").get(0)).put("port", 81);
        ObjectNode status = service();
        status.withObject("status").withObject("loadBalancer").putArray("ingress").addObject().put("ip", "192.0.2.5");
        ObjectNode noStatus = service();
        noStatus.remove("status");
        ObjectNode extra = service();
        extra.put("data", "x");
        for (ObjectNode next : new ObjectNode[] {ann, label, spec, status, noStatus, extra}) {
            assertFalse(ObjectMetaRules.unchanged(next, old), next.toString());
            assertFalse(ObjectMetaRules.unchanged(old, next), next.toString());
        }
        ObjectNode swapped = service();
        swapped.remove("status");
        swapped.putObject("data");
        assertFalse(ObjectMetaRules.unchanged(swapped, old), "same size, other fields");
    }

    @Test
    void namesFollowTheRfc1123Rules() {
        ResourceType svc = ResourceType.core("services", "Service", true, true);
        ResourceType cm = ResourceType.core("configmaps", "ConfigMap", true, false);
        ObjectMetaRules.checkName(svc, "web-1");
        ObjectMetaRules.checkName(cm, "a.b-c.d");
        for (String bad : new String[] {"Web", "-web", "web-", "a.b", "a_b", "x".repeat(64)}) {
            ApiException e = assertThrows(ApiException.class, () -> ObjectMetaRules.checkName(svc, bad), bad);
            assertTrue(e.getMessage().contains("metadata.name"), e.getMessage());
        }
        assertThrows(ApiException.class, () -> ObjectMetaRules.checkName(cm, "a..b"));
        assertThrows(ApiException.class, () -> ObjectMetaRules.checkName(cm, "x".repeat(254)));
        ObjectMetaRules.checkName(cm, "x".repeat(253));
    }
}
