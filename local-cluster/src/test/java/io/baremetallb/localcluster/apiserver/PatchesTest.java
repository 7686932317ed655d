package io.baremetallb.localcluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatchesTest {
    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ObjectNode obj(String s) {
        return (ObjectNode) json(s);
    }

    @Test
    void mergePatchFollowsRfc7386() {
        JsonNode target = json("{'a':'b','c':{'d':'e','f':'g'}}");
        JsonNode patch = json("{'a':'z','c':{'f':null}}");
        assertEquals(json("{'a':'z','c':{'d':'e'}}"), MergePatch.apply(target, patch));
        assertEquals(json("{'a':'b','c':{'d':'e','f':'g'}}"), target, "the target is not touched");
    }

    @Test
    void mergePatchReplacesListsWhole() {
        assertEquals(json("{'l':[3]}"), MergePatch.apply(json("{'l':[1,2]}"), json("{'l':[3]}")));
    }

    @Test
    void jsonPatchAppliesEveryOperation() {
        JsonNode target = json("{'metadata':{'labels':{'a':'1'}},'spec':{'ports':[{'port':80}]}}");
        JsonNode ops = json("[{'op':'add','path':'/metadata/labels/b~1c','value':'2'},"
                + "{'op':'replace','path':'/spec/ports/0/port','value':8080},"
                + "{'op':'add','path':'/spec/ports/-','value':{'port':443}},"
                + "{'op':'copy','from':'/metadata/labels/a','path':'/metadata/labels/d'},"
                + "{'op':'move','from':'/metadata/labels/d','path':'/metadata/labels/e'},"
                + "{'op':'remove','path':'/metadata/labels/a'},"
                + "{'op':'test','path':'/spec/ports/1/port','value':443}]");
        assertEquals(json("{'metadata':{'labels':{'b/c':'2','e':'1'}},'spec':{'ports':[{'port':8080},{'port':443}]}}"),
                JsonPatch.apply(target, ops));
    }

    @Test
    void failedJsonPatchTestIs422AndLeavesTargetAlone() {
        JsonNode target = json("{'a':1}");
        ApiException e = assertThrows(ApiException.class, () -> JsonPatch.apply(target,
                json("[{'op':'replace','path':'/a','value':2},{'op':'test','path':'/a','value':3}]")));
        assertEquals(422, e.code());
        assertEquals(json("{'a':1}"), target);
    }

    @Test
    void jsonPatchOnMissingPathNamesTheOperation() {
        ApiException e = assertThrows(ApiException.class,
                () -> JsonPatch.apply(json("{}"), json("[{'op':'remove','path':'/spec/x'}]")));
        assertEquals(422, e.code());
        assertEquals(true, e.getMessage().contains("operation 0 (/spec/x)"), e.getMessage());
    }

    @Test
    void strategicMergeMergesServicePortsByPortAndKeepsAllocatedFields() {
        ObjectNode svc = obj("{'spec':{'ports':[{'port':80,'nodePort':31714,'protocol':'TCP'},"
                + "{'port':443,'nodePort':30443}],'selector':{'app':'myapp'}}}");
        ObjectNode patch = obj("{'spec':{'$setElementOrder/ports':[{'port':443},{'port':80}],"
                + "'ports':[{'port':80,'targetPort':8080}],'selector':{'app':'v2'}}}");
        assertEquals(obj("{'spec':{'ports':[{'port':443,'nodePort':30443},"
                        + "{'port':80,'nodePort':31714,'protocol':'TCP','targetPort':8080}],'selector':{'app':'v2'}}}"),
                StrategicMergePatch.apply(svc, patch));
    }

    @Test
    void strategicMergeDeletesListElementsAndKeys() {
        ObjectNode pod = obj("{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'containers':[{'name':'x'},{'name':'y'}]}}");
        ObjectNode patch = obj("{'metadata':{'labels':{'a':null}},"
                + "'spec':{'containers':[{'name':'x','$patch':'delete'}]}}");
        assertEquals(obj("{'metadata':{'labels':{'b':'2'}},'spec':{'containers':[{'name':'y'}]}}"),
                StrategicMergePatch.apply(pod, patch));
    }

    @Test
    void strategicMergeUnionsFinalizersAndDeletesFromPrimitiveLists() {
        ObjectNode o = obj("{'metadata':{'finalizers':['a','b']}}");
        assertEquals(obj("{'metadata':{'finalizers':['a','b','c']}}"),
                StrategicMergePatch.apply(o, obj("{'metadata':{'finalizers':['b','c']}}")));
        assertEquals(obj("{'metadata':{'finalizers':['b']}}"),
                StrategicMergePatch.apply(o, obj("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}")));
    }

    @Test
    void strategicMergeReplaceDirectiveAndRetainKeys() {
        ObjectNode o = obj("{'spec':{'a':{'x':1,'y':2},'b':1,'c':2}}");
        assertEquals(obj("{'spec':{'a':{'z':3},'b':1,'c':2}}"),
                StrategicMergePatch.apply(o, obj("{'spec':{'a':{'z':3,'$patch':'replace'}}}")));
        assertEquals(obj("{'spec':{'b':5}}"),
                StrategicMergePatch.apply(o, obj("{'spec':{'$retainKeys':['b'],'b':5}}")));
    }

    @Test
    void listsWithoutMergeKeyAreReplaced() {
        ObjectNode o = obj("{'spec':{'externalIPs':['1.1.1.1']}}");
        assertEquals(obj("{'spec':{'externalIPs':['2.2.2.2']}}"),
                StrategicMergePatch.apply(o, obj("{'spec':{'externalIPs':['2.2.2.2']}}")));
    }

    @Test
    void contentTypeChoosesThePatchAndUnknownOnesAre415() {
        ResourceType svc = new ResourceTypes().require("", "v1", "services");
        ObjectNode target = obj("{'a':1}");
        assertEquals(json("{'a':2}"), Patches.apply(svc, "application/merge-patch+json; charset=utf-8", target,
                "{\"a\":2}".getBytes()));
        ApiException e = assertThrows(ApiException.class,
                () -> Patches.apply(svc, "text/plain", target, "{}".getBytes()));
        assertEquals(415, e.code());
    }
}
