package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Picks the patch kind from the request's Content-Type, as the real server does. */
public final class Patches {
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Patches() {
    }

    public static JsonNode apply(ResourceType type, String contentType, ObjectNode target, byte[] patch) {
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        return switch (media) {
            case JSON_PATCH -> JsonPatch.apply(target, Json.parse(patch));
            case MERGE_PATCH -> MergePatch.apply(target, Json.parse(patch));
            case STRATEGIC_MERGE_PATCH -> {
                if (!type.builtin()) {
                    throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, "
                            + "application/merge-patch+json (strategic merge patch does not apply to custom resources)");
                }
                yield StrategicMergePatch.apply(target, Json.parseObject(patch));
            }
            case APPLY_PATCH -> throw ApiException.unsupportedMediaType("server-side apply ("
                    + APPLY_PATCH + ") is not served by local-cluster; use client-side kubectl apply");
            default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
                    + "accepted media types include: " + JSON_PATCH + ", " + MERGE_PATCH + ", "
                    + STRATEGIC_MERGE_PATCH + " (got \"" + media + "\")");
        };
    }
}
