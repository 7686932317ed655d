package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The embedded Kubernetes API server: HTTP on 127.0.0.1, objects kept as JSON trees, watches by HTTP streaming.
 * Start one with {@code ApiServer.start(ApiServer.Options.defaults())}; it writes a kubeconfig for client-java
 * and kubectl, and stops with {@link #close()}.
 */
public final class ApiServer implements AutoCloseable {
    /**
     * @param port             0 for an ephemeral port
     * @param dataDir          where objects persist across restarts, or null to keep them in memory only
     * @param kubeconfig       where to write the kubeconfig, or null for a temporary file
     * @param tokenFile        the static token file for TokenReview/SubjectAccessReview, or null for none
     * @param watchWindow      how many events a watch can resume across before it gets 410 Gone
     * @param bookmarkInterval how often a quiet watch that allows bookmarks gets one
     * @param clock            the time for timestamps and ages
     * @param namespaceCleanupDelay how long a deleted namespace stays Terminating before its objects and it go
     */
    public record Options(int port, Path dataDir, Path kubeconfig, Path tokenFile, int watchWindow,
                          Duration bookmarkInterval, InstantSource clock, Duration namespaceCleanupDelay) {
        public static Options defaults() {
            return new Options(0, null, null, null, 10_000, Duration.ofSeconds(30), Clock.systemUTC(),
                    Duration.ofMillis(500));
        }

        public Options withPort(int p) {
            return new Options(p, dataDir, kubeconfig, tokenFile, watchWindow, bookmarkInterval, clock, namespaceCleanupDelay);
        }

        public Options withDataDir(Path d) {
            return new Options(port, d, kubeconfig, tokenFile, watchWindow, bookmarkInterval, clock, namespaceCleanupDelay);
        }

        public Options withKubeconfig(Path k) {
            return new Options(port, dataDir, k, tokenFile, watchWindow, bookmarkInterval, clock, namespaceCleanupDelay);
        }

        public Options withTokenFile(Path t) {
            return new Options(port, dataDir, kubeconfig, t, watchWindow, bookmarkInterval, clock, namespaceCleanupDelay);
        }

        public Options withWatchWindow(int w) {
            return new Options(port, dataDir, kubeconfig, tokenFile, w, bookmarkInterval, clock, namespaceCleanupDelay);
        }

        public Options withBookmarkInterval(Duration b) {
            return new Options(port, dataDir, kubeconfig, tokenFile, watchWindow, b, clock, namespaceCleanupDelay);
        }
    }

    private final ConnectionHttpServer http;
    private final ExecutorService executor;
    private final ObjectStore store;
    private final ApiOperations ops;
    private final ResourceTypes types;
    private final ResourceHandler resources;
    private final Reviews reviews;
    private final Path kubeconfig;
    private final boolean ownsKubeconfig;
    private final AtomicBoolean serving = new AtomicBoolean(true);

    private ApiServer(Options o) throws IOException {
        types = new ResourceTypes();
        Random random = new Random();
        ObjectMetaRules meta = new ObjectMetaRules(o.clock(), random);
        FilePersistence persistence = o.dataDir() == null ? null : new FilePersistence(o.dataDir());
        List<FilePersistence.Loaded> loaded = persistence == null ? List.of() : persistence.load();
        long rv = Math.max(persistence == null ? 0 : persistence.resourceVersion(),
                loaded.stream().mapToLong(FilePersistence.Loaded::resourceVersion).max().orElse(0));
        ServiceAllocations allocations = new ServiceAllocations();
        store = new ObjectStore(new WatchHub(o.watchWindow(), rv), rv,
                ObjectStore.both(allocations, persistence == null ? FilePersistence.NONE : persistence));
        loaded.forEach(l -> store.restore(l.storageKey(), l.object(), l.resourceVersion()));
        store.forEach("services", svc -> allocations.stored("services", svc, 0));
        store.list(ResourceTypes.CRD_STORAGE_KEY, c -> true).items().forEach(types::defineFrom);
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-cluster-apiserver");
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newCachedThreadPool(threads);
        ops = new ApiOperations(store, types, meta, new ServiceDefaults(random), allocations,
                CompletableFuture.delayedExecutor(o.namespaceCleanupDelay().toMillis(), TimeUnit.MILLISECONDS, executor));
        if (loaded.isEmpty()) {
            bootstrap();
        }
        reviews = new Reviews(o.tokenFile() == null ? TokenFile.EMPTY : TokenFile.read(o.tokenFile()));
        http = new ConnectionHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 64, threads);
        resources = new ResourceHandler(ops, store, reviews, o.clock(), o.bookmarkInterval(), serving::get);
        ApiHandler handler = new ApiHandler(new Discovery(types), types, resources, "127.0.0.1:" + http.port());
        ownsKubeconfig = o.kubeconfig() == null;
        kubeconfig = ownsKubeconfig ? Files.createTempFile("local-cluster-", ".kubeconfig") : o.kubeconfig();
        Kubeconfig.write(kubeconfig, baseUrl());
        http.start(handler);
    }

    public static ApiServer start(Options options) throws IOException {
        return new ApiServer(options);
    }

    /** What a fresh real cluster has: the four system namespaces and the {@code kubernetes} Service. */
    private void bootstrap() {
        ResourceType ns = types.require("", "v1", "namespaces");
        for (String name : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            ObjectNode o = Json.object();
            Json.meta(o).put("name", name);
            ops.create(ns, null, o, false);
        }
        ObjectNode svc = Json.object();
        Json.meta(svc).put("name", "kubernetes");
        Json.meta(svc).putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("clusterIP", "10.96.0.1");
        ObjectNode port = spec.putArray("ports").addObject();
        port.put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", 6443);
        ops.create(types.require("", "v1", "services"), "default", svc, false);
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The verbs on objects, for in-process callers (tests, the lab) that want no HTTP. */
    public ApiOperations operations() {
        return ops;
    }

    public ResourceTypes resourceTypes() {
        return types;
    }

    public long resourceVersion() {
        return store.resourceVersion();
    }

    /** Requests of a verb ("list", "watch", "get", "create", …) on a resource ("services", "leases.coordination.k8s.io"). */
    public long requestCount(String verb, String resource) {
        return resources.count(verb, resource);
    }

    /**
     * Tells {@code observer} of every change to objects stored under {@code storageKey} ("services",
     * "leases.coordination.k8s.io") from now on, in resourceVersion order, without HTTP or encoding: for a bench or
     * a test that must see changes without loading the server as a client's watch does. It runs on the thread that
     * made the change, once the store's lock is released, one call at a time, so it must be quick; the event's
     * objects are the stored ones and must not be changed. An observer that throws is dropped. Closing the returned
     * handle stops it.
     */
    public AutoCloseable observe(String storageKey, Consumer<WatchEvent> observer) {
        WatchHub.Subscription s = store.watchFrom(
                new WatchFilter(storageKey, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING),
                store.resourceVersion());
        s.attach(new WatchHub.Subscription.Sink() {
            @Override
            public void write(WatchEvent e) {
                observer.accept(e);
            }

            @Override
            public void flush() {
            }
        }, null);
        s.deliver(); // changes between subscribing and attaching
        return () -> {
            s.detach(Long.MAX_VALUE, () -> { });
            store.unwatch(s);
        };
    }

    /** Forgets the watch window, as an etcd compaction does: watches resumed from before now get 410 Gone. */
    public void compact() {
        store.compact();
    }

    /** Ends every open watch, as a restart of the real server does; clients watch again from where they were. */
    public void endWatches() {
        store.endWatches();
    }

    /** How many watches are streaming right now. */
    public int openWatches() {
        return store.openWatches();
    }

    public void reloadTokens(Path tokenFile) throws IOException {
        reviews.tokens(TokenFile.read(tokenFile));
    }

    @Override
    public void close() {
        serving.set(false);
        http.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsKubeconfig) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}
