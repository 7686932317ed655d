package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1CustomResourceColumnDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionVersion;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CrdTest {

    static Stream<String> crdFiles() {
        return Crds.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void everyCrdIsAStrictV1CustomResourceDefinitionWithStructuralSchemas(String file) {
        JsonObject json = Crds.all().get(file);
        V1CustomResourceDefinition crd = KubeModels.parseStrict(json, V1CustomResourceDefinition.class);
        assertEquals(crd.getSpec().getNames().getPlural() + "." + crd.getSpec().getGroup(),
                crd.getMetadata().getName(), file + ": the name must be plural.group");
        assertEquals(1, crd.getSpec().getVersions().stream().filter(V1CustomResourceDefinitionVersion::getStorage)
                .count(), file + ": exactly one storage version");
        for (JsonElement version : json.getAsJsonObject("spec").getAsJsonArray("versions")) {
            JsonObject schema = version.getAsJsonObject().getAsJsonObject("schema").getAsJsonObject("openAPIV3Schema");
            assertEquals(List.of(), Crds.structuralViolations(schema), file + " " + version.getAsJsonObject().get("name"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            IPAddressPool    | metallb.io     | v1beta1         | v1beta1
            L2Advertisement  | metallb.io     | v1beta1         | v1beta1
            BGPAdvertisement | metallb.io     | v1beta1         | v1beta1
            BGPPeer          | metallb.io     | v1beta1 v1beta2 | v1beta2
            BFDProfile       | metallb.io     | v1beta1         | v1beta1
            Community        | metallb.io     | v1beta1         | v1beta1
            ServiceL2Status  | metallb.io     | v1beta1         | v1beta1
            ServiceBGPStatus | metallb.io     | v1beta1         | v1beta1
            IPReservation    | baremetallb.io | v1alpha1        | v1alpha1
            """)
    void servesEachKindInTheVersionsMetalLbServesWithAStatusSubresource(String kind, String group, String served,
            String storage) {
        V1CustomResourceDefinition crd = crd(kind);
        assertEquals(group, crd.getSpec().getGroup());
        assertEquals("Namespaced", crd.getSpec().getScope());
        assertEquals(List.of(served.split(" ")), crd.getSpec().getVersions().stream()
                .filter(V1CustomResourceDefinitionVersion::getServed).map(V1CustomResourceDefinitionVersion::getName)
                .toList());
        for (V1CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            assertEquals(version.getName().equals(storage), version.getStorage(), kind + " " + version.getName());
            assertTrue(version.getSubresources() != null && version.getSubresources().getStatus() != null,
                    kind + " " + version.getName() + " has a status subresource");
        }
    }

    @Test
    void bgpPeerNeedsNoConversionWebhookBecauseV1beta1IsASubsetOfV1beta2() {
        V1CustomResourceDefinition crd = crd("BGPPeer");
        assertEquals("None", crd.getSpec().getConversion().getStrategy());
        Map<String, JsonElement> v1beta1 = specProperties("metallb.io/v1beta1");
        Map<String, JsonElement> v1beta2 = specProperties("metallb.io/v1beta2");
        assertTrue(v1beta2.keySet().containsAll(v1beta1.keySet()), "v1beta2 lacks " + v1beta1.keySet());
    }

    @Test
    void ipReservationShowsPoolPhaseAddressesOwnerAndExpiryInKubectlGet() {
        List<String> columns = crd("IPReservation").getSpec().getVersions().get(0).getAdditionalPrinterColumns()
                .stream().map(V1CustomResourceColumnDefinition::getName).toList();
        assertEquals(List.of("Pool", "Phase", "Addresses", "Owner", "Expires", "Age"), columns);
    }

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("a reservation by count", IPRES, "count: 2", List.of()),
                Arguments.of("a reservation of exact addresses until a date", IPRES, """
                        addresses: [192.0.2.10, "2001:db8::10"]
                            expiresAt: "2026-12-31T23:59:00Z"
                            owner: team-a""", List.of()),
                Arguments.of("an expiry that is not a date-time", IPRES, "count: 1\n    expiresAt: tomorrow",
                        List.of(".spec.expiresAt: 'tomorrow' is not an RFC 3339 date-time")),
                Arguments.of("a count of zero", IPRES, "count: 0",
                        List.of(".spec.count: 0 is below the minimum 1")),
                Arguments.of("an address with a prefix length", IPRES, "addresses: [192.0.2.0/24]",
                        List.of(".spec.addresses[0]: '192.0.2.0/24' does not match "
                                + "^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$")),
                Arguments.of("the same address twice", IPRES, "addresses: [192.0.2.1, 192.0.2.1]",
                        List.of(".spec.addresses[1]: duplicate \"192.0.2.1\" in a list of type set")),
                Arguments.of("a misspelt field", IPRES, "count: 1\n    ownr: me",
                        List.of(".spec.ownr: unknown field (the API server would drop it)")),
                Arguments.of("a pool without addresses", "metallb.io/v1beta1|IPAddressPool|autoAssign: false",
                        "", List.of(".spec: required field addresses is missing")),
                Arguments.of("a BGP peer found by dynamic ASN", PEER2, "dynamicASN: external", List.of()),
                Arguments.of("a dynamic ASN mode that does not exist", PEER2, "dynamicASN: sometimes",
                        List.of(".spec.dynamicASN: \"sometimes\" is not one of [\"internal\",\"external\"]")),
                Arguments.of("a peer port above MetalLB's bound", PEER2, "peerPort: 16385",
                        List.of(".spec.peerPort: 16385 is above the maximum 16384")),
                Arguments.of("a 4-byte private ASN", PEER2, "peerASN: 4200000000", List.of()),
                Arguments.of("an unnumbered peer on an interface, without address",
                        "metallb.io/v1beta2|BGPPeer|myASN: 64512", "interface: eth1\n    dynamicASN: external",
                        List.of()),
                Arguments.of("peer port 0", PEER2, "peerPort: 0", List.of(".spec.peerPort: 0 is below the minimum 1")),
                Arguments.of("a v1beta1 peer without peerASN", "metallb.io/v1beta1|BGPPeer|myASN: 64512",
                        "peerAddress: 192.0.2.1", List.of(".spec: required field peerASN is missing")),
                Arguments.of("a BFD multiplier of 1", "metallb.io/v1beta1|BFDProfile|detectMultiplier: 1", "",
                        List.of(".spec.detectMultiplier: 1 is below the minimum 2")),
                Arguments.of("an interval of 5 ms", "metallb.io/v1beta1|BFDProfile|receiveInterval: 5", "",
                        List.of(".spec.receiveInterval: 5 is below the minimum 10")));
    }

    private static final String IPRES = "baremetallb.io/v1alpha1|IPReservation|pool: public";
    private static final String PEER2 = "metallb.io/v1beta2|BGPPeer|myASN: 64512\n    peerAddress: 192.0.2.1";

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void theSchemasAcceptAndRejectLikeMetalLbs(String story, String head, String moreSpec, List<String> errors) {
        String[] parts = head.split("\\|");
        String yaml = """
                apiVersion: %s
                kind: %s
                metadata: {name: x, namespace: ns}
                spec:
                    %s
                    %s
                """.formatted(parts[0], parts[1], parts[2], moreSpec);
        JsonObject object = Manifests.parse(yaml).get(0);
        JsonObject schema = Crds.schemaOf(parts[0], parts[1]).orElseThrow();
        assertEquals(errors, SchemaValidator.validate(object, schema), story);
    }

    @Test
    void helmShowsEveryCrdOfTheChart() {
        List<String> kinds = Manifests.parse(Chart.helm().show().crds().call()).stream()
                .map(crd -> crd.getAsJsonObject("spec").getAsJsonObject("names").get("kind").getAsString())
                .sorted().toList();
        assertEquals(List.of("BFDProfile", "BGPAdvertisement", "BGPPeer", "Community", "IPAddressPool",
                "IPReservation", "L2Advertisement", "ServiceBGPStatus", "ServiceL2Status"), kinds);
    }

    @Test
    void aFieldUnknownToTheModelIsAnErrorEvenDeepInside() {
        JsonObject crd = Crds.all().get("metallb.io_communities.yaml").deepCopy();
        crd.getAsJsonObject("spec").getAsJsonArray("versions").get(0).getAsJsonObject()
                .addProperty("servd", true);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KubeModels.parseStrict(crd, V1CustomResourceDefinition.class));
        assertTrue(e.getMessage().contains("servd"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static V1CustomResourceDefinition crd(String kind) {
        return Crds.all().values().stream()
                .filter(c -> c.getAsJsonObject("spec").getAsJsonObject("names").get("kind").getAsString().equals(kind))
                .map(c -> KubeModels.parseStrict(c, V1CustomResourceDefinition.class))
                .findFirst().orElseThrow();
    }

    private static Map<String, JsonElement> specProperties(String apiVersion) {
        return Crds.schemaOf(apiVersion, "BGPPeer").orElseThrow().getAsJsonObject("properties")
                .getAsJsonObject("spec").getAsJsonObject("properties").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
