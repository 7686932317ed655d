package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With the chart's defaults, each container's heap (MaxRAMPercentage of its memory limit) plus what the
 * JVM needs besides the heap, as measured in docs/benchmarks.md, fits the limit: the container is not
 * killed for memory at the scale we measured (IPAM: 11,201 Services; announcer: 1,001 IPs).
 */
class MemoryBudgetTest {
    /** Measured resident size minus heap: IPAM 626 MiB at -Xmx384m; announcer 387 MiB at -Xmx192m (C1 only). */
    private static final long IPAM_BESIDES_HEAP_MIB = 626 - 384;
    private static final long ANNOUNCER_BESIDES_HEAP_MIB = 387 - 192;

    @Test
    void theIpamHeapAndTheRestFitItsLimit() {
        V1Container c = Rendered.of("default").one("Deployment", "-ipam", V1Deployment.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertFits(c, IPAM_BESIDES_HEAP_MIB);
    }

    @Test
    void theAnnouncerHeapAndTheRestFitItsLimit() {
        V1Container c = Rendered.of("default").one("DaemonSet", "-announcer", V1DaemonSet.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertFits(c, ANNOUNCER_BESIDES_HEAP_MIB);
    }

    private static void assertFits(V1Container c, long besidesHeapMib) {
        Quantity limit = c.getResources().getLimits().get("memory");
        long limitMib = limit.getNumber().longValue() / (1024 * 1024);
        String options = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .map(V1EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError(c.getName() + ": no JAVA_TOOL_OPTIONS"));
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
        assertTrue(m.find(), c.getName() + ": no MaxRAMPercentage in " + options);
        long heapMib = (long) (limitMib * Double.parseDouble(m.group(1)) / 100);
        assertTrue(heapMib + besidesHeapMib <= limitMib, c.getName() + ": heap " + heapMib + " MiB + " + besidesHeapMib
                + " MiB measured besides the heap > the " + limitMib + " MiB limit");
        assertTrue(heapMib >= 128, c.getName() + ": heap " + heapMib + " MiB is below what was measured to work");
    }
}
