package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceDefaultsTest {
    private final ServiceDefaults defaults = new ServiceDefaults(new Random(42));

    private static ObjectNode svc(String json) {
        return (ObjectNode) Json.parse(json.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ServiceDefaults.InUse none() {
        return new ServiceDefaults.InUse(new HashSet<>(), new HashSet<>());
    }

    @Test
    void loadBalancerGetsWhatTheRealServerFillsIn() {
        ObjectNode s = svc("{'metadata':{'name':'myapp-svc'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
        defaults.apply(s, null, none());
        ObjectNode spec = (ObjectNode) s.get("spec");
        assertEquals("None", spec.path("sessionAffinity").asText());
        assertEquals("Cluster", spec.path("externalTrafficPolicy").asText());
        assertEquals("Cluster", spec.path("internalTrafficPolicy").asText());
        assertEquals("IPv4", spec.path("ipFamilies").get(0).asText());
        assertEquals("SingleStack", spec.path("ipFamilyPolicy").asText());
        assertTrue(spec.path("allocateLoadBalancerNodePorts").asBoolean());
        assertEquals("TCP", spec.path("ports").get(0).path("protocol").asText());
        assertEquals(80, spec.path("ports").get(0).path("targetPort").asInt());
        int nodePort = spec.path("ports").get(0).path("nodePort").asInt();
        assertTrue(nodePort >= 30000 && nodePort <= 32767, "node port " + nodePort);
        String ip = spec.path("clusterIP").asText();
        int value = ServiceDefaults.parseIPv4(ip);
        assertTrue(value - ServiceDefaults.RANGE_BASE > 0 && value - ServiceDefaults.RANGE_BASE < (1 << 20) - 1, ip);
        assertEquals(ip, spec.path("clusterIPs").get(0).asText());
    }

    @Test
    void clusterIPServiceHasNoNodePortsNorExternalPolicy() {
        ObjectNode s = svc("{'metadata':{'name':'a'},'spec':{'ports':[{'port':53,'protocol':'UDP','nodePort':30001}]}}");
        defaults.apply(s, null, none());
        assertEquals("ClusterIP", s.path("spec").path("type").asText());
        assertFalse(s.path("spec").path("ports").get(0).has("nodePort"));
        assertFalse(s.path("spec").has("externalTrafficPolicy"));
    }

    @Test
    void externalNameHasNoClusterIP() {
        ObjectNode s = svc("{'metadata':{'name':'search'},'spec':{'type':'ExternalName','externalName':'www.baidu.com'}}");
        defaults.apply(s, null, none());
        assertFalse(s.path("spec").has("clusterIP"));
        assertEquals("None", s.path("spec").path("sessionAffinity").asText());
    }

    @Test
    void requestedNodePortInUseIs422() {
        ObjectNode s = svc("{'metadata':{'name':'b'},'spec':{'type':'NodePort','ports':[{'port':80,'nodePort':31714}]}}");
        ApiException e = assertThrows(ApiException.class,
                () -> defaults.apply(s, null, new ServiceDefaults.InUse(new HashSet<>(), new HashSet<>(Set.of(31714)))));
        assertEquals(422, e.code());
        assertTrue(e.getMessage().contains("provided port is already allocated"), e.getMessage());
    }

    @Test
    void nodePortOutsideRangeIs422() {
        ObjectNode s = svc("{'metadata':{'name':'b'},'spec':{'type':'NodePort','ports':[{'port':80,'nodePort':80}]}}");
        assertEquals(422, assertThrows(ApiException.class, () -> defaults.apply(s, null, none())).code());
    }

    @Test
    void updateKeepsAllocatedValuesWhenLeftOutAndRefusesANewClusterIP() {
        ObjectNode old = svc("{'metadata':{'name':'c'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
        defaults.apply(old, null, none());
        ObjectNode next = svc("{'metadata':{'name':'c'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]}}");
        defaults.apply(next, old, none());
        assertEquals(old.path("spec").path("clusterIP"), next.path("spec").path("clusterIP"));
        assertEquals(old.path("spec").path("ports").get(0).path("nodePort"),
                next.path("spec").path("ports").get(0).path("nodePort"));
        ObjectNode moved = svc("{'metadata':{'name':'c'},'spec':{'clusterIP':'10.96.0.99','ports':[{'port':80}]}}");
        assertEquals(422, assertThrows(ApiException.class, () -> defaults.apply(moved, old, none())).code());
    }

    @Test
    void clusterIPOutsideServiceRangeIs422() {
        ObjectNode s = svc("{'metadata':{'name':'d'},'spec':{'clusterIP':'10.43.245.81','ports':[{'port':80}]}}");
        ApiException e = assertThrows(ApiException.class, () -> defaults.apply(s, null, none()));
        assertTrue(e.getMessage().contains("10.96.0.0/12"), e.getMessage());
    }

    @Test
    void allocatorSkipsAddressesInUse() {
        ServiceDefaults.InUse inUse = none();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(seen.add(defaults.freeClusterIP(inUse)));
        }
        assertEquals(200, inUse.clusterIPs().size());
    }

    @Test
    void localPolicyLoadBalancerGetsHealthCheckNodePort() {
        ObjectNode s = svc("{'metadata':{'name':'e'},'spec':{'type':'LoadBalancer','externalTrafficPolicy':'Local',"
                + "'ports':[{'port':80}]}}");
        defaults.apply(s, null, none());
        int hc = s.path("spec").path("healthCheckNodePort").asInt();
        assertTrue(hc >= 30000 && hc <= 32767);
    }

    @Test
    void portThatIsNotAnObjectIs422NotACrash() {
        ObjectNode s = svc("{'metadata':{'name':'f'},'spec':{'ports':[80]}}");
        assertEquals(422, assertThrows(ApiException.class, () -> defaults.apply(s, null, none())).code());
    }

    @Test
    void loadBalancerWithoutNodePortAllocationKeepsOnlyRequestedOnes() {
        ObjectNode s = svc("{'metadata':{'name':'g'},'spec':{'type':'LoadBalancer','allocateLoadBalancerNodePorts':false,"
                + "'ports':[{'port':80},{'port':443,'nodePort':30443}]}}");
        defaults.apply(s, null, none());
        assertFalse(s.path("spec").path("ports").get(0).has("nodePort"));
        assertEquals(30443, s.path("spec").path("ports").get(1).path("nodePort").asInt());
    }
}
