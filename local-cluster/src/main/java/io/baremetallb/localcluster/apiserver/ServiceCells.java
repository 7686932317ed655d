package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Cells of the printed tables that need more than one field, written as the real server prints them. */
final class ServiceCells {
    private ServiceCells() {
    }

    static String externalIP(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        String type = spec.path("type").asText();
        if (type.equals("ExternalName")) {
            return spec.path("externalName").asText();
        }
        List<String> ips = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        if (type.equals("LoadBalancer")) {
            svc.path("status").path("loadBalancer").path("ingress").forEach(i ->
                    ips.add(i.has("ip") ? i.path("ip").asText() : i.path("hostname").asText()));
            if (ips.isEmpty()) {
                return "<pending>";
            }
        }
        return ips.isEmpty() ? "<none>" : String.join(",", ips);
    }

    static String ports(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            String proto = p.path("protocol").asText("TCP");
            out.add(p.path("port").asInt() + (p.has("nodePort") ? ":" + p.path("nodePort").asInt() : "") + "/" + proto);
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    static String selector(JsonNode svc) {
        List<String> out = new ArrayList<>();
        svc.path("spec").path("selector").fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    static String nodeStatus(JsonNode node) {
        String status = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                status = c.path("status").asText().equals("True") ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
    }

    static String nodeRoles(JsonNode node) {
        List<String> roles = new ArrayList<>();
        node.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                roles.add(k.substring("node-role.kubernetes.io/".length()));
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    static String podReady(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            if (s.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    static int podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            restarts += s.path("restartCount").asInt(0);
        }
        return restarts;
    }

    static String endpoints(JsonNode ep) {
        List<String> out = new ArrayList<>();
        for (JsonNode subset : ep.path("subsets")) {
            for (JsonNode a : subset.path("addresses")) {
                for (JsonNode p : subset.path("ports")) {
                    out.add(a.path("ip").asText() + ":" + p.path("port").asInt());
                }
            }
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    static String eventObject(JsonNode ev) {
        JsonNode ref = ev.has("regarding") ? ev.path("regarding") : ev.path("involvedObject");
        return ref.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + "/" + ref.path("name").asText();
    }
}
