package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAllocationsTest {
    private final ServiceAllocations allocations = new ServiceAllocations();

    private static ObjectNode svc(String name, String ip, int nodePort) {
        return Json.parseObject(("{\"metadata\":{\"namespace\":\"default\",\"name\":\"" + name + "\"},"
                + "\"spec\":{\"clusterIPs\":[\"" + ip + "\"],\"ports\":[{\"port\":80,\"nodePort\":" + nodePort + "}]}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void othersSeeWhatAServiceHoldsAndItselfDoesNot() {
        allocations.stored("services", svc("a", "10.96.0.5", 30005), 1);
        assertEquals(Set.of("10.96.0.5"), allocations.heldByOthers(svc("b", "", 0)).clusterIPs());
        assertEquals(Set.of(30005), allocations.heldByOthers(svc("b", "", 0)).nodePorts());
        assertEquals(Set.of(), allocations.heldByOthers(svc("a", "", 0)).clusterIPs());
    }

    @Test
    void anUpdateReleasesWhatTheServiceNoLongerHoldsAndDeletionReleasesAll() {
        allocations.stored("services", svc("a", "10.96.0.5", 30005), 1);
        allocations.stored("services", svc("a", "10.96.0.5", 30006), 2);
        assertEquals(Set.of(30006), allocations.heldByOthers(svc("b", "", 0)).nodePorts());
        allocations.removed("services", svc("a", "10.96.0.5", 30006), 3);
        assertEquals(Set.of(), allocations.heldByOthers(svc("b", "", 0)).nodePorts());
        assertEquals(Set.of(), allocations.heldByOthers(svc("b", "", 0)).clusterIPs());
    }

    @Test
    void whatAnAdmissionClaimsIsTakenForItsRestButNotStoredUntilTheServiceIs() {
        allocations.stored("services", svc("a", "10.96.0.5", 30005), 1);
        ServiceDefaults.InUse inUse = allocations.heldByOthers(svc("b", "", 0));
        assertFalse(inUse.nodePorts().add(30005), "held by a");
        assertTrue(inUse.nodePorts().add(30007));
        assertTrue(inUse.nodePorts().contains(30007));
        assertFalse(inUse.nodePorts().add(30007), "claimed once already");
        assertFalse(allocations.heldByOthers(svc("c", "", 0)).nodePorts().contains(30007), "b is not stored yet");
        allocations.stored("services", svc("b", "10.96.0.6", 30007), 2);
        assertTrue(allocations.heldByOthers(svc("c", "", 0)).nodePorts().contains(30007));
        assertFalse(allocations.heldByOthers(svc("b", "", 0)).clusterIPs().contains("10.96.0.6"), "its own");
    }

    @Test
    void otherKindsAreIgnored() {
        allocations.stored("configmaps", svc("a", "10.96.0.5", 30005), 1);
        assertEquals(Set.of(), allocations.heldByOthers(svc("b", "", 0)).clusterIPs());
    }
}
