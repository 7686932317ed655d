package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with the columns the
 * real server prints for the kinds we serve (other kinds and custom resources get Name and Age, plus a CRD's
 * additionalPrinterColumns when their jsonPath is a plain field path).
 */
public final class Tables {
    private record Column(String name, String type, int priority, Function<JsonNode, Object> cell) {
    }

    private final Instant now;

    public Tables(Instant now) {
        this.now = now;
    }

    /** A Table of {@code items}; {@code printerColumns} are the CRD's additionalPrinterColumns, or empty. */
    public ObjectNode table(ResourceType t, List<ObjectNode> items, String resourceVersion, String includeObject,
                            JsonNode printerColumns) {
        List<Column> columns = columns(t, printerColumns);
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode defs = table.putArray("columnDefinitions");
        for (Column c : columns) {
            ObjectNode d = defs.addObject();
            d.put("name", c.name());
            d.put("type", c.type());
            d.put("format", c.name().equals("Name") ? "name" : "");
            d.put("description", c.name());
            d.put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(c -> cells.addPOJO(c.cell().apply(o)));
            if (!"None".equals(includeObject)) {
                row.set("object", "Object".equals(includeObject) ? o : partial(o));
            }
        }
        return table;
    }

    private static ObjectNode partial(ObjectNode o) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", o.path("metadata").deepCopy());
        return p;
    }

    private List<Column> columns(ResourceType t, JsonNode printerColumns) {
        List<Column> c = new ArrayList<>();
        c.add(new Column("Name", "string", 0, o -> o.path("metadata").path("name").asText()));
        switch (t.kind()) {
            case "Service" -> {
                c.add(text("Type", "spec.type"));
                c.add(new Column("Cluster-IP", "string", 0, o -> o.path("spec").path("clusterIP").asText("<none>")));
                c.add(new Column("External-IP", "string", 0, ServiceCells::externalIP));
                c.add(new Column("Port(s)", "string", 0, ServiceCells::ports));
            }
            case "ConfigMap" -> c.add(new Column("Data", "integer", 0,
                    o -> o.path("data").size() + o.path("binaryData").size()));
            case "Secret" -> {
                c.add(text("Type", "type"));
                c.add(new Column("Data", "integer", 0, o -> o.path("data").size()));
            }
            case "Namespace" -> c.add(text("Status", "status.phase"));
            case "Node" -> {
                c.add(new Column("Status", "string", 0, ServiceCells::nodeStatus));
                c.add(new Column("Roles", "string", 0, ServiceCells::nodeRoles));
                c.add(age());
                c.add(text("Version", "status.nodeInfo.kubeletVersion"));
                return c;
            }
            case "Pod" -> {
                c.add(new Column("Ready", "string", 0, ServiceCells::podReady));
                c.add(text("Status", "status.phase"));
                c.add(new Column("Restarts", "integer", 0, ServiceCells::podRestarts));
                c.add(age());
                c.add(new Column("IP", "string", 1, o -> o.path("status").path("podIP").asText("<none>")));
                c.add(new Column("Node", "string", 1, o -> o.path("spec").path("nodeName").asText("<none>")));
                return c;
            }
            case "Endpoints" -> c.add(new Column("Endpoints", "string", 0, ServiceCells::endpoints));
            case "Lease" -> c.add(text("Holder", "spec.holderIdentity"));
            case "CustomResourceDefinition" -> {
                c.add(text("Created At", "metadata.creationTimestamp"));
                return c;
            }
            case "Event" -> {
                c.clear();
                c.add(new Column("Last Seen", "string", 0, o -> age(firstTime(o))));
                c.add(text("Type", "type"));
                c.add(text("Reason", "reason"));
                c.add(new Column("Object", "string", 0, ServiceCells::eventObject));
                c.add(new Column("Message", "string", 0, o -> o.path(o.has("note") ? "note" : "message").asText()));
                return c;
            }
            default -> printerColumns.forEach(pc -> c.add(printerColumn(pc)));
        }
        c.add(age());
        if (t.kind().equals("Service")) {
            c.add(new Column("Selector", "string", 1, ServiceCells::selector));
        }
        return c;
    }

    private Column age() {
        return new Column("Age", "string", 0, o -> age(o.path("metadata").path("creationTimestamp").asText("")));
    }

    private static Column text(String name, String path) {
        return new Column(name, "string", 0, o -> {
            JsonNode v = Json.at(o, path);
            return v == null || v.isNull() ? "" : v.asText();
        });
    }

    private static Column printerColumn(JsonNode pc) {
        String path = pc.path("jsonPath").asText("");
        String name = pc.path("name").asText();
        if (!path.matches("(\\.[A-Za-z0-9_-]+)+")) {
            return new Column(name, "string", pc.path("priority").asInt(0), o -> "");
        }
        return text(name, path.substring(1));
    }

    private static String firstTime(JsonNode o) {
        for (String f : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            if (o.hasNonNull(f) && !o.path(f).asText().isEmpty()) {
                return o.path(f).asText();
            }
        }
        return o.path("metadata").path("creationTimestamp").asText("");
    }

    String age(String timestamp) {
        if (timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(timestamp), now));
        } catch (java.time.format.DateTimeParseException e) {
            return "<invalid>";
        }
    }

    /** kubectl's HumanDuration: 45s, 5m3s, 42m, 5h4m, 36h, 6d5h, 89d, 3y45d. */
    static String humanDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        long h = m / 60;
        long days = h / 24;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (h < 3) {
            return m + "m";
        }
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        if (h < 24 * 8) {
            return days + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
        }
        if (days < 365 * 2) {
            return days + "d";
        }
        if (days < 365 * 8) {
            return days / 365 + "y" + (days % 365 == 0 ? "" : days % 365 + "d");
        }
        return days / 365 + "y";
    }
}
