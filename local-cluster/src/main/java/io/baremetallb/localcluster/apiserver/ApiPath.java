package io.baremetallb.localcluster.apiserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/N/services/S/status} or
 * {@code /apis/G/V/R/NAME}. The legacy {@code /watch/} segment is accepted and marks the request a watch.
 *
 * @param type        the kind the URL names
 * @param namespace   the namespace, null for cluster-wide requests and cluster-scoped kinds
 * @param name        the object name, null for the collection
 * @param subresource "status" or null
 * @param watchPath   true when the URL used the legacy /watch/ prefix
 */
public record ApiPath(ResourceType type, String namespace, String name, String subresource, boolean watchPath) {
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /** Parses the path after the group version; a path naming no served kind is a 404. */
    public static ApiPath parse(ResourceTypes types, String group, String version, String rest, String fullPath) {
        List<String> seg = new ArrayList<>(Arrays.asList(rest.split("/")));
        seg.removeIf(String::isEmpty);
        boolean watch = !seg.isEmpty() && seg.get(0).equals("watch");
        if (watch) {
            seg.remove(0);
        }
        if (seg.isEmpty()) {
            throw ApiException.pathNotFound(fullPath);
        }
        String namespace = null;
        if (seg.get(0).equals("namespaces") && seg.size() >= 3 && !NAMESPACE_SUBRESOURCES.contains(seg.get(2))) {
            namespace = seg.get(1);
            seg = seg.subList(2, seg.size());
        }
        if (seg.size() > 3) {
            throw ApiException.pathNotFound(fullPath);
        }
        ResourceType type = types.find(group, version, seg.get(0))
                .orElseThrow(() -> ApiException.pathNotFound(fullPath));
        if (namespace != null && !type.namespaced()) {
            throw ApiException.pathNotFound(fullPath);
        }
        String name = seg.size() > 1 ? seg.get(1) : null;
        String sub = seg.size() > 2 ? seg.get(2) : null;
        if (sub != null && !(sub.equals("status") && type.hasStatus())) {
            throw ApiException.pathNotFound(fullPath);
        }
        return new ApiPath(type, namespace, name, sub, watch);
    }

    public boolean isCollection() {
        return name == null;
    }

    public boolean isStatus() {
        return "status".equals(subresource);
    }
}
