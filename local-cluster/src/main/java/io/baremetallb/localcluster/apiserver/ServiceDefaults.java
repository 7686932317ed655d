package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What the real API server fills in and checks on a Service: type ClusterIP, sessionAffinity None, port protocol
 * TCP and targetPort, a cluster IP from 10.96.0.0/12 ({@code clusterIPs}, {@code ipFamilies: [IPv4]},
 * {@code ipFamilyPolicy: SingleStack}), node ports from 30000–32767 for NodePort and LoadBalancer (plus a health
 * check node port for LoadBalancer with externalTrafficPolicy Local), externalTrafficPolicy Cluster,
 * internalTrafficPolicy Cluster and allocateLoadBalancerNodePorts true. On update, values already allocated are
 * kept when the new object leaves them out, and the cluster IP cannot change.
 */
public final class ServiceDefaults {
    /** 10.96.0.0/12 as an int, and its size. */
    static final int RANGE_BASE = (10 << 24) | (96 << 16);
    static final int RANGE_SIZE = 1 << 20;
    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;

    /** IPs and node ports other Services hold. */
    public record InUse(Set<String> clusterIPs, Set<Integer> nodePorts) {
    }

    private final RandomGenerator random;

    public ServiceDefaults(RandomGenerator random) {
        this.random = random;
    }

    /** Defaults and validates {@code svc} in place; {@code old} is the stored object on update, else null. */
    public void apply(ObjectNode svc, ObjectNode old, InUse inUse) {
        String name = svc.path("metadata").path("name").asText();
        ObjectNode spec = svc.get("spec") instanceof ObjectNode s ? s : svc.putObject("spec");
        ObjectNode oldSpec = old == null ? Json.object() : (ObjectNode) old.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        spec.put("type", type);
        if (!Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            throw ApiException.invalid("Service", name, "spec.type: Unsupported value: \"" + type
                    + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
        }
        defaultIfAbsent(spec, "sessionAffinity", "None");
        if (type.equals("ExternalName")) {
            externalName(spec, name);
            return;
        }
        ports(spec, oldSpec, name, type, inUse);
        clusterIP(spec, oldSpec, name, inUse);
        defaultIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        if (!type.equals("ClusterIP")) {
            defaultIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            if (!spec.has("allocateLoadBalancerNodePorts")) {
                spec.put("allocateLoadBalancerNodePorts", true);
            }
            healthCheckNodePort(spec, oldSpec, inUse);
        }
    }

    private static void externalName(ObjectNode spec, String name) {
        String external = spec.path("externalName").asText("");
        if (external.isEmpty()) {
            throw ApiException.invalid("Service", name, "spec.externalName: Required value");
        }
        spec.remove(java.util.List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"));
    }

    private void ports(ObjectNode spec, ObjectNode oldSpec, String name, String type, InUse inUse) {
        if (!(spec.get("ports") instanceof ArrayNode ports) || ports.isEmpty()) {
            if ("None".equals(spec.path("clusterIP").asText())) {
                return; // headless services may have no ports
            }
            throw ApiException.invalid("Service", name, "spec.ports: Required value");
        }
        boolean wantsNodePorts = type.equals("NodePort")
                || type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof ObjectNode port)) {
                throw ApiException.invalid("Service", name, "spec.ports[" + i + "]: Invalid value: must be an object");
            }
            int number = port.path("port").asInt(0);
            if (number < 1 || number > 65535) {
                throw ApiException.invalid("Service", name, "spec.ports[" + i + "].port: Invalid value: " + number
                        + ": must be between 1 and 65535, inclusive");
            }
            defaultIfAbsent(port, "protocol", "TCP");
            if (!port.has("targetPort")) {
                port.put("targetPort", number);
            }
            boolean askedFor = type.equals("LoadBalancer") && port.path("nodePort").asInt(0) != 0;
            if (wantsNodePorts || askedFor) {
                nodePort(port, oldSpec, name, i, inUse);
            } else {
                port.remove("nodePort");
            }
        }
    }

    private void nodePort(ObjectNode port, ObjectNode oldSpec, String name, int i, InUse inUse) {
        int wanted = port.path("nodePort").asInt(0);
        if (wanted == 0) {
            wanted = previousNodePort(oldSpec, port.path("port").asInt());
        }
        if (wanted == 0) {
            port.put("nodePort", freeNodePort(inUse));
            return;
        }
        if (wanted < NODE_PORT_MIN || wanted > NODE_PORT_MAX) {
            throw ApiException.invalid("Service", name, "spec.ports[" + i + "].nodePort: Invalid value: " + wanted
                    + ": provided port is not in the valid range. The range of valid ports is 30000-32767");
        }
        if (inUse.nodePorts().contains(wanted)) {
            throw ApiException.invalid("Service", name, "spec.ports[" + i + "].nodePort: Invalid value: " + wanted
                    + ": provided port is already allocated");
        }
        port.put("nodePort", wanted);
        inUse.nodePorts().add(wanted);
    }

    private static int previousNodePort(ObjectNode oldSpec, int servicePort) {
        for (JsonNode p : oldSpec.path("ports")) {
            if (p.path("port").asInt() == servicePort && p.has("nodePort")) {
                return p.path("nodePort").asInt();
            }
        }
        return 0;
    }

    private void clusterIP(ObjectNode spec, ObjectNode oldSpec, String name, InUse inUse) {
        String ip = spec.path("clusterIP").asText("");
        String oldIp = oldSpec.path("clusterIP").asText("");
        if (ip.isEmpty() && !oldIp.isEmpty()) {
            ip = oldIp;
        } else if (!oldIp.isEmpty() && !ip.equals(oldIp)) {
            throw ApiException.invalid("Service", name, "spec.clusterIPs[0]: Invalid value: [\"" + ip
                    + "\"]: may not change once set");
        } else if (ip.isEmpty()) {
            ip = freeClusterIP(inUse);
        } else if (!ip.equals("None") && oldIp.isEmpty()) {
            checkRequestedIP(ip, name, inUse);
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        defaultIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
    }

    private static void checkRequestedIP(String ip, String name, InUse inUse) {
        int value = parseIPv4(ip);
        if (value == -1 || Integer.compareUnsigned(value - RANGE_BASE, RANGE_SIZE) >= 0) {
            throw ApiException.invalid("Service", name, "spec.clusterIPs: Invalid value: [\"" + ip
                    + "\"]: failed to allocate IP " + ip + ": the provided IP (" + ip
                    + ") is not in the valid range. The range of valid IPs is 10.96.0.0/12");
        }
        if (inUse.clusterIPs().contains(ip)) {
            throw ApiException.invalid("Service", name, "spec.clusterIPs: Invalid value: [\"" + ip
                    + "\"]: failed to allocate IP " + ip + ": provided IP is already allocated");
        }
    }

    private void healthCheckNodePort(ObjectNode spec, ObjectNode oldSpec, InUse inUse) {
        if (!"Local".equals(spec.path("externalTrafficPolicy").asText())) {
            spec.remove("healthCheckNodePort");
            return;
        }
        if (spec.path("healthCheckNodePort").asInt(0) != 0) {
            return;
        }
        int old = oldSpec.path("healthCheckNodePort").asInt(0);
        spec.put("healthCheckNodePort", old != 0 ? old : freeNodePort(inUse));
    }

    String freeClusterIP(InUse inUse) {
        int start = 1 + random.nextInt(RANGE_SIZE - 2); // never the network or broadcast address
        for (int i = 0; i < RANGE_SIZE - 2; i++) {
            int offset = 1 + (start - 1 + i) % (RANGE_SIZE - 2);
            String ip = formatIPv4(RANGE_BASE + offset);
            if (!inUse.clusterIPs().contains(ip)) {
                inUse.clusterIPs().add(ip);
                return ip;
            }
        }
        throw new ApiException(500, "InternalError", "range 10.96.0.0/12 is full", null, null);
    }

    int freeNodePort(InUse inUse) {
        int size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = NODE_PORT_MIN + (start + i) % size;
            if (!inUse.nodePorts().contains(port)) {
                inUse.nodePorts().add(port);
                return port;
            }
        }
        throw new ApiException(500, "InternalError", "node port range 30000-32767 is full", null, null);
    }

    private static void defaultIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field) || node.get(field).asText().isEmpty()) {
            node.put(field, value);
        }
    }

    static String formatIPv4(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    static int parseIPv4(String s) {
        String[] parts = s.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        int v = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return -1;
            }
            v = (v << 8) | Integer.parseInt(p);
        }
        return v;
    }
}
