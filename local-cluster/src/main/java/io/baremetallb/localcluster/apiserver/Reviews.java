package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * TokenReview (authentication.k8s.io/v1) and SubjectAccessReview (authorization.k8s.io/v1), answered from the
 * static {@link TokenFile}. Reviews are not stored: the request comes back with its status filled in.
 */
public final class Reviews {
    private volatile TokenFile tokens;

    public Reviews(TokenFile tokens) {
        this.tokens = tokens;
    }

    public void tokens(TokenFile replacement) {
        this.tokens = replacement;
    }

    public ObjectNode answer(ResourceType type, ObjectNode request) {
        ObjectMetaRules.checkKind(type, request);
        ObjectNode out = request.deepCopy();
        if (!out.has("metadata")) {
            out.putObject("metadata");
        }
        out.set("status", type.kind().equals("TokenReview") ? tokenReview(request.path("spec"))
                : accessReview(request.path("spec")));
        return out;
    }

    private ObjectNode tokenReview(JsonNode spec) {
        ObjectNode status = Json.object();
        String token = spec.path("token").asText("");
        TokenFile.Entry e = tokens.byToken(token).orElse(null);
        status.put("authenticated", e != null);
        if (e == null) {
            status.putObject("user");
            status.put("error", token.isEmpty() ? "spec.token is empty" : "invalid bearer token");
            return status;
        }
        ObjectNode user = status.putObject("user");
        user.put("username", e.user());
        user.put("uid", e.uid());
        e.groups().forEach(user.putArray("groups")::add);
        if (spec.has("audiences")) {
            status.set("audiences", spec.get("audiences").deepCopy());
        }
        return status;
    }

    private ObjectNode accessReview(JsonNode spec) {
        ObjectNode status = Json.object();
        String user = spec.path("user").asText("");
        JsonNode attrs = spec.path("resourceAttributes");
        if (attrs.isMissingNode()) {
            status.put("allowed", false);
            status.put("reason", "only resourceAttributes are answered by the local-cluster token file");
            return status;
        }
        String verb = attrs.path("verb").asText("");
        String group = attrs.path("group").asText("");
        String resource = attrs.path("resource").asText("");
        String sub = attrs.path("subresource").asText("");
        String full = sub.isEmpty() ? resource : resource + "/" + sub;
        List<TokenFile.Entry> entries = tokens.byUser(user);
        for (TokenFile.Entry e : entries) {
            for (int i = 0; i < e.rules().size(); i++) {
                if (e.rules().get(i).allows(verb, group, full)) {
                    status.put("allowed", true);
                    status.put("reason", "allowed by rule " + i + " of user " + user + " in the token file");
                    return status;
                }
            }
        }
        status.put("allowed", false);
        status.put("reason", entries.isEmpty() ? "user \"" + user + "\" is not in the token file"
                : "no rule of user \"" + user + "\" allows " + verb + " on " + full
                + (group.isEmpty() ? "" : " in group " + group));
        return status;
    }
}
