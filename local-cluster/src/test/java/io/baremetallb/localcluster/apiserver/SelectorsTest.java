package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorsTest {
    private static final Map<String, String> LABELS = Map.of("app", "myapp", "tier", "web", "replicas", "3");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "app=myapp | true",
            "app==myapp | true",
            "app!=myapp | false",
            "app!=other | true",
            "missing!=x | true",
            "app=myapp,tier=web | true",
            "app=myapp,tier=db | false",
            "app in (myapp, other) | true",
            "app in (other) | false",
            "app notin (other) | true",
            "missing notin (other) | true",
            "app notin (myapp) | false",
            "tier | true",
            "!tier | false",
            "!missing | true",
            "replicas>2 | true",
            "replicas<2 | false",
            "app in (a,b),tier | false",
            "'' | true"})
    void labelSelectorsMatchLikeTheRealServer(String selector, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(LABELS));
    }

    @Test
    void malformedLabelSelectorIsABadRequestThatQuotesIt() {
        ApiException e = assertThrows(ApiException.class, () -> LabelSelector.parse("app in myapp"));
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains("app in myapp"), e.getMessage());
    }

    @Test
    void fieldSelectorMatchesNameNamespaceAndServiceType() {
        ObjectNode svc = Json.object();
        Json.meta(svc).put("name", "myapp-svc").put("namespace", "default");
        svc.putObject("spec").put("type", "LoadBalancer");
        assertTrue(FieldSelector.parse("metadata.name=myapp-svc,spec.type=LoadBalancer", "Service").matches(svc));
        assertFalse(FieldSelector.parse("metadata.namespace!=default", "Service").matches(svc));
        assertFalse(FieldSelector.parse("spec.type==ClusterIP", "Service").matches(svc));
    }

    @Test
    void fieldSelectorOnEventsReadsInvolvedObject() {
        ObjectNode ev = Json.object();
        ev.putObject("involvedObject").put("kind", "Service").put("name", "myapp-svc");
        assertTrue(FieldSelector.parse("involvedObject.kind=Service,involvedObject.name=myapp-svc", "Event")
                .matches(ev));
    }

    @Test
    void fieldNotIndexedForTheKindIsRejected() {
        ApiException e = assertThrows(ApiException.class, () -> FieldSelector.parse("spec.selector=x", "Service"));
        assertEquals(400, e.code());
        assertEquals("field label not supported: spec.selector", e.getMessage());
    }
}
