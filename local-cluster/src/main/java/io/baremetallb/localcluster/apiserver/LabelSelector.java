package io.baremetallb.localcluster.apiserver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code labelSelector} query: equality-based ({@code a=b}, {@code a==b}, {@code a!=b}) and
 * set-based ({@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}) requirements, plus the
 * numeric {@code a>1} / {@code a<1} the real server also accepts. All requirements must hold.
 */
public record LabelSelector(List<Requirement> requirements) {

    public enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER, LESS }

    public record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case GREATER, LESS -> v != null && compares(v);
            };
        }

        private boolean compares(String v) {
            try {
                long have = Long.parseLong(v);
                long want = Long.parseLong(values.iterator().next());
                return op == Op.GREATER ? have > want : have < want;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** Parses a selector; a malformed one is a 400 that quotes it. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            out.add(requirement(part.trim(), selector));
        }
        return new LabelSelector(List.copyOf(out));
    }

    private static Requirement requirement(String part, String whole) {
        if (part.isEmpty()) {
            throw bad(whole, "empty requirement");
        }
        String[] words = part.split("\\s+", 2);
        if (words.length == 2 && words[1].startsWith("in ") || words.length == 2 && words[1].startsWith("in(")) {
            return new Requirement(key(words[0], whole), Op.IN, set(words[1].substring(2), whole));
        }
        if (words.length == 2 && (words[1].startsWith("notin ") || words[1].startsWith("notin("))) {
            return new Requirement(key(words[0], whole), Op.NOT_IN, set(words[1].substring(5), whole));
        }
        for (String[] op : new String[][] {{"!=", "NOT_EQUALS"}, {"==", "EQUALS"}, {"=", "EQUALS"},
                {">", "GREATER"}, {"<", "LESS"}}) {
            int at = part.indexOf(op[0]);
            if (at > 0) {
                String value = part.substring(at + op[0].length()).trim();
                return new Requirement(key(part.substring(0, at).trim(), whole), Op.valueOf(op[1]), Set.of(value));
            }
        }
        if (part.startsWith("!")) {
            return new Requirement(key(part.substring(1).trim(), whole), Op.DOES_NOT_EXIST, Set.of());
        }
        return new Requirement(key(part, whole), Op.EXISTS, Set.of());
    }

    private static String key(String key, String whole) {
        if (key.isEmpty() || !key.matches("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?")) {
            throw bad(whole, "invalid label key \"" + key + "\"");
        }
        return key;
    }

    private static Set<String> set(String rest, String whole) {
        String s = rest.trim();
        if (!s.startsWith("(") || !s.endsWith(")")) {
            throw bad(whole, "set must be in parentheses: " + s);
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : s.substring(1, s.length() - 1).split(",")) {
            values.add(v.trim());
        }
        return values;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static ApiException bad(String whole, String why) {
        return ApiException.badRequest("unable to parse requirement: labelSelector \"" + whole + "\": " + why);
    }
}
