package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The objects the documents tell users to apply are valid against the chart's CRDs. */
class DocsTest {
    /** ```yaml blocks, and here-documents fed to kubectl between <<'YAML' and YAML. */
    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)(?:```yaml\\n|<<'YAML'\\n)(.*?)(?:```|\\nYAML\\n)");

    @ParameterizedTest
    @ValueSource(strings = {"install.md", "configuration.md"})
    void everyObjectInTheDocumentValidatesAgainstItsCrd(String document) throws IOException {
        String text = Files.readString(Path.of("..", "docs", document));
        Matcher block = YAML_BLOCK.matcher(text);
        List<String> problems = new ArrayList<>();
        int objects = 0;
        while (block.find()) {
            for (JsonObject object : Manifests.parse(block.group(1))) {
                objects++;
                if (!object.getAsJsonObject("metadata").has("namespace")) {
                    object.getAsJsonObject("metadata").addProperty("namespace", Chart.NAMESPACE);
                }
                problems.addAll(ChartTest.validate(object));
            }
        }
        assertFalse(objects == 0, document + " shows no object");
        assertEquals(List.of(), problems, document);
    }
}
