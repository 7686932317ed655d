package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubectl against the server, applying the user's document's YAML: the metallb-system namespace, the
 * {@code config} ConfigMap, myapp-svc, webapp-svc and the ExternalName example. Skipped where kubectl is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlContractIT {
    private static ApiServer server;
    @TempDir
    static Path work;

    record Run(int exit, String out) {
    }

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(kubectl() != null, "kubectl is not installed (looked in PATH): kubectl contract skipped");
        server = ApiServer.start(ApiServer.Options.defaults());
        for (String f : List.of("metallb-namespace.yaml", "config.yaml", "myapp-svc.yaml", "webapp-svc.yaml",
                "external_name.yaml", "node-and-pod.yaml")) {
            try (InputStream in = KubectlContractIT.class.getResourceAsStream("/apiserver/" + f)) {
                Files.copy(in, work.resolve(f));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static Run kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl().toString(), "--kubeconfig", server.kubeconfig().toString(),
                "--cache-dir", work.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(work.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String ok(String... args) throws IOException, InterruptedException {
        Run r = kubectl(args);
        assertEquals(0, r.exit(), "kubectl " + String.join(" ", args) + " said:\n" + r.out());
        return r.out();
    }

    @Test
    @Order(1)
    void applyTheDocumentsYamlVerbatim() throws Exception {
        assertEquals("namespace/metallb-system created\n", ok("apply", "-f", "metallb-namespace.yaml"));
        assertEquals("configmap/config created\n", ok("apply", "-f", "config.yaml"));
        assertEquals("service/myapp-svc created\n", ok("apply", "-f", "myapp-svc.yaml"));
        assertEquals("service/webapp-svc created\nservice/webapp-svc-2 created\n", ok("apply", "-f", "webapp-svc.yaml"));
        assertEquals("namespace/dev created\nservice/search created\n", ok("apply", "-f", "external_name.yaml"));
        assertEquals("service/myapp-svc unchanged\n", ok("apply", "-f", "myapp-svc.yaml"));
    }

    @Test
    @Order(2)
    void getShowsWhatTheDocumentShows() throws Exception {
        String svc = ok("get", "svc");
        assertTrue(svc.matches("(?s).*myapp-svc\\s+LoadBalancer\\s+10\\.\\S+\\s+<pending>\\s+80:31714/TCP.*"), svc);
        assertTrue(svc.matches("(?s).*webapp-svc\\s+LoadBalancer\\s+\\S+\\s+<pending>\\s+8000:32034/TCP.*"), svc);
        String cm = ok("get", "cm", "-n", "metallb-system");
        assertTrue(cm.matches("(?s)NAME\\s+DATA\\s+AGE\nconfig\\s+1\\s+\\S+\n"), cm);
        assertTrue(ok("get", "configmap", "config", "-n", "metallb-system", "-o", "jsonpath={.data.config}")
                .contains("- 192.168.5.5-192.168.5.9"));
        String dev = ok("get", "service", "-n", "dev");
        assertTrue(dev.matches("(?s).*search\\s+ExternalName\\s+<none>\\s+www\\.baidu\\.com\\s+<none>.*"), dev);
        String yaml = ok("get", "svc", "myapp-svc", "-o", "yaml");
        for (String line : List.of("metallb.universe.tf/allow-shared-ip: 192.168.5.9", "externalTrafficPolicy: Cluster",
                "nodePort: 31714", "sessionAffinity: None", "type: LoadBalancer", "app: myapp")) {
            assertTrue(yaml.contains(line), line + " in\n" + yaml);
        }
    }

    @Test
    @Order(3)
    void describeAndEventsShowTheServicesEvents() throws Exception {
        String uid = Json.text(server.operations().get(server.resourceTypes().require("", "v1", "services"), "default",
                "myapp-svc").path("metadata"), "uid");
        ObjectNode ev = Json.object();
        Json.meta(ev).put("name", "myapp-svc.ipallocated");
        ev.putObject("involvedObject").put("kind", "Service").put("namespace", "default").put("name", "myapp-svc")
                .put("apiVersion", "v1").put("uid", uid);
        ev.put("reason", "IPAllocated").put("message", "Assigned IP [\"192.168.5.9\"]").put("type", "Normal")
                .put("count", 1);
        ev.put("firstTimestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ev.put("lastTimestamp", ev.get("firstTimestamp").asText());
        ev.putObject("source").put("component", "metallb-controller");
        server.operations().create(server.resourceTypes().require("", "v1", "events"), "default", ev, false);

        String describe = ok("describe", "svc", "myapp-svc");
        assertTrue(describe.matches("(?s).*Type:\\s+LoadBalancer.*NodePort:\\s+<unset>\\s+31714/TCP.*"), describe);
        assertTrue(describe.contains("IPAllocated"), describe);
        String events = ok("get", "events");
        assertTrue(events.matches("(?s).*Normal\\s+IPAllocated\\s+service/myapp-svc\\s+Assigned IP.*"), events);
    }

    @Test
    @Order(4)
    void deleteRemovesTheExternalNameExample() throws Exception {
        assertEquals("namespace \"dev\" deleted\nservice \"search\" deleted\n",
                ok("delete", "-f", "external_name.yaml"));
        Run gone = kubectl("get", "ns", "dev");
        assertEquals(1, gone.exit());
        assertTrue(gone.out().contains("namespaces \"dev\" not found"), gone.out());
    }

    @Test
    @Order(5)
    void cordonDeletePodAndUncordonAsTheDocumentDoes() throws Exception {
        ok("apply", "-f", "node-and-pod.yaml");
        assertEquals("node/t90 cordoned\n", ok("cordon", "t90"));
        assertTrue(ok("get", "nodes").matches("(?s).*t90\\s+\\S*SchedulingDisabled\\s+worker.*"));
        String wide = ok("get", "pod", "-o", "wide", "-l", "app=myapp");
        assertTrue(wide.matches("(?s)NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\n"
                + "myapp-deploy-v2-7fbfdfbb7b-lsdg6\\s+0/1\\s+Pending\\s+0\\s+\\S+\\s+<none>\\s+t90\n"), wide);
        assertEquals("pod \"myapp-deploy-v2-7fbfdfbb7b-lsdg6\" deleted\n",
                ok("delete", "pod", "myapp-deploy-v2-7fbfdfbb7b-lsdg6"));
        assertEquals("node/t90 uncordoned\n", ok("uncordon", "t90"));
        assertTrue(!ok("get", "node", "t90").contains("SchedulingDisabled"));
    }
}
