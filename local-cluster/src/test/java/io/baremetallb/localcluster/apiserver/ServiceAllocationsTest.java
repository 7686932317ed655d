package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void otherKindsAreIgnored() {
        allocations.stored("configmaps", svc("a", "10.96.0.5", 30005), 1);
        assertEquals(Set.of(), allocations.heldByOthers(svc("b", "", 0)).clusterIPs());
    }
}
