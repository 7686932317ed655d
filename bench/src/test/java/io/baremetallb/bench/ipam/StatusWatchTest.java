package io.baremetallb.bench.ipam;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's reading of a watch line: which Service, and whether its status has an address. */
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

    private static StatusWatch.Seen seen(String line) throws IOException {
        return StatusWatch.Seen.of((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
