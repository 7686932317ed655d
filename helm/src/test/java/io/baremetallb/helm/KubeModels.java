package io.baremetallb.helm;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;

/**
 * Parses rendered objects into client-java's models, strictly: a field the model does not know is
 * an error (the generated {@code validateJsonElement} walks the whole object tree), so a typo in a
 * template cannot hide behind the API server silently dropping it.
 */
final class KubeModels {
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("apps/v1/DaemonSet", V1DaemonSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", V1ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", V1ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class),
            Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", V1CustomResourceDefinition.class));

    private KubeModels() {
    }

    /** The model class for the object's apiVersion and kind, if client-java has one. */
    static Optional<Class<?>> modelOf(JsonObject object) {
        return Optional.ofNullable(MODELS.get(object.get("apiVersion").getAsString() + "/"
                + object.get("kind").getAsString()));
    }

    /** The object as an instance of {@code type}; throws naming the first unknown or missing field. */
    static <T> T parseStrict(JsonObject object, Class<T> type) {
        try {
            type.getMethod("validateJsonElement", com.google.gson.JsonElement.class).invoke(null, object);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(Manifests.id(object) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no validateJsonElement", e);
        }
        return JSON.deserialize(object.toString(), type);
    }

    /** Same as {@link #parseStrict(JsonObject, Class)} with the class chosen by apiVersion and kind. */
    static Object parseStrict(JsonObject object) {
        Class<?> type = modelOf(object).orElseThrow(() -> new IllegalArgumentException(
                Manifests.id(object) + ": no client-java model for this apiVersion and kind"));
        return parseStrict(object, type);
    }
}
