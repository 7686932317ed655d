package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Lints the chart and renders it with every value set; every object must be valid as rendered. */
class ChartTest {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = Chart.helm().lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @ParameterizedTest
    @FieldSource("io.baremetallb.helm.Rendered#VALUE_SETS")
    void everyRenderedObjectParsesStrictlyAsItsModelOrCrdSchema(String valueSet) {
        Rendered rendered = Rendered.of(valueSet);
        List<String> problems = new ArrayList<>();
        for (JsonObject object : rendered.objects()) {
            problems.addAll(validate(object));
        }
        assertEquals(List.of(), problems, valueSet);
        Map<String, Long> kinds = rendered.objects().stream().collect(Collectors.groupingBy(
                o -> o.get("kind").getAsString(), TreeMap::new, Collectors.counting()));
        System.out.printf("rendered value set %s: %d objects in %d ms %s%n", valueSet,
                rendered.objects().size(), rendered.templateMillis(), kinds);
    }

    @Test
    void defaultValuesRenderTheWorkloadsTheirAccessAndTheirServicesOnly() {
        List<String> names = Rendered.of("default").objects().stream().map(Manifests::id).sorted().toList();
        assertEquals(List.of(
                "ClusterRole//bmlb-baremetal-lb-announcer",
                "ClusterRole//bmlb-baremetal-lb-ipam",
                "ClusterRoleBinding//bmlb-baremetal-lb-announcer",
                "ClusterRoleBinding//bmlb-baremetal-lb-ipam",
                "DaemonSet/baremetal-lb/bmlb-baremetal-lb-announcer",
                "Deployment/baremetal-lb/bmlb-baremetal-lb-ipam",
                "PodDisruptionBudget/baremetal-lb/bmlb-baremetal-lb-ipam",
                "Role/baremetal-lb/bmlb-baremetal-lb-announcer",
                "Role/baremetal-lb/bmlb-baremetal-lb-ipam",
                "RoleBinding/baremetal-lb/bmlb-baremetal-lb-announcer",
                "RoleBinding/baremetal-lb/bmlb-baremetal-lb-ipam",
                "Secret/baremetal-lb/memberlist",
                "Service/baremetal-lb/bmlb-baremetal-lb-announcer-metrics",
                "Service/baremetal-lb/bmlb-baremetal-lb-ipam-api",
                "Service/baremetal-lb/bmlb-baremetal-lb-ipam-dns",
                "Service/baremetal-lb/bmlb-baremetal-lb-ipam-metrics",
                "ServiceAccount/baremetal-lb/bmlb-baremetal-lb-announcer",
                "ServiceAccount/baremetal-lb/bmlb-baremetal-lb-ipam"), names);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            ipam.antiAffinity             | sometimes | ipam.antiAffinity
            ipam.replica                  | 3         | replica
            announcer.memberlist.port     | 70000     | announcer.memberlist.port
            logLevel                      | verbose   | logLevel
            ipam.api.authentication       | basic     | ipam.api.authentication
            customResources.bfdProfiles[0].spec.detectMultiplier | 3 | customResources.bfdProfiles.0: name is required
            """)
    void valuesOutsideTheSchemaFailTheRenderingAndNameTheSetting(String key, String value, String named) {
        Exception e = assertThrows(Exception.class,
                () -> Chart.helm().template().withName(Chart.RELEASE).set(key, value).call());
        assertTrue(e.getMessage().contains("values don't meet the specifications of the schema"), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void creatingTheLegacyConfigMapWithoutContentFailsTheRendering() {
        Exception e = assertThrows(Exception.class, () -> Chart.helm().template().withName(Chart.RELEASE)
                .set("legacyConfig.create", true).call());
        assertTrue(e.getMessage().contains("legacyConfig.create is true but legacyConfig.config is empty"),
                e.getMessage());
    }

    /** What is wrong with one rendered object; empty when it is valid. */
    static List<String> validate(JsonObject object) {
        String apiVersion = object.get("apiVersion").getAsString();
        String kind = object.get("kind").getAsString();
        if (KubeModels.modelOf(object).isPresent()) {
            try {
                KubeModels.parseStrict(object);
                return List.of();
            } catch (IllegalArgumentException e) {
                return List.of(e.getMessage());
            }
        }
        var schema = Crds.schemaOf(apiVersion, kind);
        if (schema.isPresent()) {
            return SchemaValidator.validate(object, schema.get()).stream()
                    .map(p -> Manifests.id(object) + p).toList();
        }
        if (apiVersion.equals("monitoring.coreos.com/v1") && kind.equals("ServiceMonitor")) {
            return ServiceMonitorSchema.validate(object);
        }
        return List.of(Manifests.id(object) + ": no model or schema for " + apiVersion + " " + kind);
    }
}
