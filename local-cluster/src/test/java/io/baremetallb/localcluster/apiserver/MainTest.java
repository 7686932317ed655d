package io.baremetallb.localcluster.apiserver;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MainTest {
    @Test
    void defaultsArePort6443InMemoryWithTheKubeconfigInTmp() {
        ApiServer.Options o = Main.parse(new String[0]);
        assertEquals(6443, o.port());
        assertEquals(null, o.dataDir());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "local-cluster.kubeconfig"), o.kubeconfig());
    }

    @Test
    void dataDirHoldsTheKubeconfigUnlessOneIsGiven() {
        ApiServer.Options o = Main.parse(new String[] {"--port", "0", "--data-dir", "/var/tmp/lc"});
        assertEquals(0, o.port());
        assertEquals(Path.of("/var/tmp/lc/local-cluster.kubeconfig"), o.kubeconfig());
        assertEquals(Path.of("/k"), Main.parse(new String[] {"--data-dir", "/d", "--kubeconfig-out", "/k"}).kubeconfig());
    }

    @Test
    void badArgumentsNameTheOption() {
        assertEquals("--port 70000 is not in 0..65535",
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--port", "70000"}))
                        .getMessage());
        assertEquals("--data-dir needs a value",
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--data-dir"})).getMessage());
        assertEquals("unknown option --verbose",
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--verbose", "1"}))
                        .getMessage());
    }
}
