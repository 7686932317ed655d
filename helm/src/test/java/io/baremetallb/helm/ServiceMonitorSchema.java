package io.baremetallb.helm;

import com.google.gson.JsonObject;
import java.util.List;

/** Validates ServiceMonitors against the subset of the Prometheus Operator's schema the chart uses. */
final class ServiceMonitorSchema {
    private static final JsonObject SCHEMA = Manifests.parse(Chart.resource("servicemonitor-schema.yaml")).get(0);

    private ServiceMonitorSchema() {
    }

    static List<String> validate(JsonObject serviceMonitor) {
        return SchemaValidator.validate(serviceMonitor, SCHEMA).stream()
                .map(p -> Manifests.id(serviceMonitor) + p).toList();
    }
}
