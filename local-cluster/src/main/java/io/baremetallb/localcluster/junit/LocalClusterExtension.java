package io.baremetallb.localcluster.junit;

import io.baremetallb.localcluster.apiserver.ApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Set;

/**
 * Starts an embedded API server for a test class and stops it after the class: {@code @ExtendWith(LocalClusterExtension.class)},
 * then take a {@link LocalCluster}, {@link ApiServer} or {@link ApiClient} as a parameter of a test, a
 * {@code @BeforeAll}/{@code @BeforeEach} method or the constructor. To share one server across every class of a
 * run, register {@code @RegisterExtension static LocalClusterExtension cluster = LocalClusterExtension.shared();}.
 */
public final class LocalClusterExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalClusterExtension.class);
    private static final Set<Class<?>> RESOLVED = Set.of(LocalCluster.class, ApiServer.class, ApiClient.class);

    private final boolean shared;

    public LocalClusterExtension() {
        this(false);
    }

    private LocalClusterExtension(boolean shared) {
        this.shared = shared;
    }

    /** One server for the whole test run, stopped when the run ends. */
    public static LocalClusterExtension shared() {
        return new LocalClusterExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    /** The cluster of this context, started on first use. */
    public LocalCluster cluster(ExtensionContext context) {
        ExtensionContext owner = shared ? context.getRoot() : classContext(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(LocalCluster.class, k -> LocalCluster.start(),
                LocalCluster.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalCluster cluster = cluster(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == ApiServer.class) {
            return cluster.server();
        }
        return type == ApiClient.class ? cluster.apiClient() : cluster;
    }
}
