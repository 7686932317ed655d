package io.baremetallb.localcluster.apiserver;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.baremetallb.localcluster.junit.LocalCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client-java informer against the server: it lists once and then lives on its watch (the re-list loop
 * fabric8's mock server causes is what this server exists to avoid), and it recovers from 410 Gone.
 */
class InformerContractIT {
    private static final long WAIT_SECONDS = 60;

    private ApiServer server;
    private SharedInformerFactory factory;
    private CoreV1Api core;
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = ApiServer.start(ApiServer.Options.defaults().withWatchWindow(3));
        LocalCluster cluster = new LocalCluster(server);
        ApiClient client = cluster.newApiClient();
        core = new CoreV1Api(client);
        factory = new SharedInformerFactory(client);
        SharedIndexInformer<V1Service> informer = factory.sharedIndexInformerFor(params -> core
                        .listNamespacedService("default").resourceVersion(params.resourceVersion)
                        .timeoutSeconds(params.timeoutSeconds).watch(params.watch).allowWatchBookmarks(true)
                        .buildCall(null),
                V1Service.class, V1ServiceList.class);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Service s) {
                seen.add("ADD " + s.getMetadata().getName());
            }

            @Override
            public void onUpdate(V1Service old, V1Service now) {
                seen.add("UPDATE " + now.getMetadata().getName() + " " + now.getSpec().getSelector());
            }

            @Override
            public void onDelete(V1Service s, boolean unknownFinalState) {
                seen.add("DELETE " + s.getMetadata().getName());
            }
        });
        factory.startAllRegisteredInformers();
        await(informer::hasSynced, "informer synced");
        assertEquals("ADD kubernetes", next());
    }

    @AfterEach
    void stop() {
        factory.stopAllRegisteredInformers();
        server.close();
    }

    @Test
    void informerSeesAddUpdateDeleteThroughOneWatchWithoutRelisting() throws ApiException {
        core.createNamespacedService("default", ClientJavaContractIT.service("watched", Map.of(), "ClusterIP")).execute();
        assertEquals("ADD watched", next());
        V1Service s = core.readNamespacedService("watched", "default").execute();
        s.getSpec().setSelector(Map.of("app", "v2"));
        core.replaceNamespacedService("watched", "default", s).execute();
        assertEquals("UPDATE watched {app=v2}", next());
        core.deleteNamespacedService("watched", "default").execute();
        assertEquals("DELETE watched", next());
        assertEquals(1, server.requestCount("list", "services"), "one list, then the watch carries everything");
        assertEquals(1, server.requestCount("watch", "services"));
    }

    @Test
    void watchResumedFromACompactedResourceVersionGetsGoneAndTheInformerRelistsAndRecovers() throws ApiException {
        core.createNamespacedService("default", ClientJavaContractIT.service("before", Map.of(), "ClusterIP")).execute();
        assertEquals("ADD before", next());
        for (int i = 0; i < 5; i++) { // other kinds' events push the informer's resourceVersion out of the window
            core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("cm" + i)))
                    .execute();
        }
        server.endWatches(); // as a restarting server does: the informer watches again from its resourceVersion
        await(() -> server.requestCount("list", "services") == 2, "a re-list after 410 Gone");
        core.createNamespacedService("default", ClientJavaContractIT.service("after", Map.of(), "ClusterIP")).execute();
        String e = next();
        while (e.startsWith("UPDATE ")) { // the re-list replays what the informer already had as updates
            e = next();
        }
        assertEquals("ADD after", e);
        assertTrue(server.requestCount("watch", "services") >= 3, "watch, watch that got 410, watch after re-list");
    }

    private String next() {
        try {
            String e = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(e, "no informer event within " + WAIT_SECONDS + " s");
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls a condition with a deadline; the informer works on its own threads, so there is nothing to join. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
