package io.baremetallb.localcluster.apiserver;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static token file that TokenReview and SubjectAccessReview are answered from:
 * <pre>
 * users:
 * - token: s3cret
 *   user: alice
 *   uid: "1000"
 *   groups: [ops]
 *   allow:
 *   - verbs: [get, list, watch]      # "*" for any
 *     resources: [services, services/status]
 *     apiGroups: ["", metallb.io]     # optional; absent means any group
 * </pre>
 */
public record TokenFile(List<Entry> entries) {

    public record Rule(List<String> verbs, List<String> resources, List<String> apiGroups) {
        boolean allows(String verb, String group, String resource) {
            return matches(verbs, verb) && matches(resources, resource)
                    && (apiGroups.isEmpty() || matches(apiGroups, group));
        }

        private static boolean matches(List<String> allowed, String value) {
            return allowed.contains("*") || allowed.contains(value);
        }
    }

    public record Entry(String token, String user, String uid, List<String> groups, List<Rule> rules) {
    }

    public static final TokenFile EMPTY = new TokenFile(List.of());

    public Optional<Entry> byToken(String token) {
        return entries.stream().filter(e -> e.token().equals(token)).findFirst();
    }

    public List<Entry> byUser(String user) {
        return entries.stream().filter(e -> e.user().equals(user)).toList();
    }

    public static TokenFile read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses the YAML; a malformed file is an IllegalArgumentException naming the file and the entry. */
    @SuppressWarnings("unchecked")
    public static TokenFile parse(String yaml, String source) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(root instanceof Map<?, ?> map) || !(map.get("users") instanceof List<?> users)) {
            throw new IllegalArgumentException(source + ": expected a map with a \"users\" list");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            if (!(users.get(i) instanceof Map<?, ?> u) || !(u.get("token") instanceof String token)
                    || !(u.get("user") instanceof String user)) {
                throw new IllegalArgumentException(source + ": users[" + i + "] needs a string token and user");
            }
            List<Rule> rules = new ArrayList<>();
            for (Object r : list(u.get("allow"))) {
                Map<String, Object> rule = r instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                rules.add(new Rule(strings(rule.get("verbs")), strings(rule.get("resources")),
                        strings(rule.get("apiGroups"))));
            }
            Object uid = u.get("uid");
            out.add(new Entry(token, user, uid == null ? "" : uid.toString(), strings(u.get("groups")), rules));
        }
        return new TokenFile(List.copyOf(out));
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(v -> v == null ? "" : v.toString()).toList();
    }
}
