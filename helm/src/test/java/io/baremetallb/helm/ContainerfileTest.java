package io.baremetallb.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The images cannot be built here (no container engine), so this checks what can be checked
 * without one: every file the Containerfiles copy from the repository exists, the WAR they copy
 * is the one Maven builds, the ports agree with server.xml and the chart, and the chart's default
 * image names are the ones helm/build-images.sh tags.
 */
class ContainerfileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest
    @CsvSource({"ipam-service, 9180, ipam", "announcer-service, 9280, announcer"})
    void containerfileCopiesExistingFilesAndTheWarMavenBuilds(String module, String port, String component)
            throws IOException {
        String containerfile = Files.readString(ROOT.resolve(module).resolve("Containerfile"));
        List<String> missing = new ArrayList<>();
        Matcher copy = Pattern.compile("(?m)^COPY --chown=1001:0 (.+) \\S+$").matcher(containerfile);
        while (copy.find()) {
            for (String source : copy.group(1).split(" ")) {
                if (!Files.isRegularFile(ROOT.resolve(source))) {
                    missing.add(source);
                }
            }
        }
        assertEquals(List.of(), missing);
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        assertTrue(pom.contains("<finalName>" + module + "</finalName>"), module + " builds " + module + ".war");
        assertTrue(containerfile.contains("/src/" + module + "/target/" + module + ".war /config/apps/" + module
                + ".war"));
        String serverXml = Files.readString(ROOT.resolve(module).resolve("src/main/liberty/config/server.xml"));
        assertTrue(serverXml.contains("<variable name=\"http.port\" defaultValue=\"" + port + "\"/>"), serverXml);
        assertTrue(containerfile.contains("ENV HTTP_PORT=" + port));
        String values = Files.readString(Chart.DIRECTORY.resolve("values.yaml"));
        assertTrue(values.contains("repository: baremetal-lb/" + module), "values.yaml image of " + component);
        assertTrue(Pattern.compile("(?s)\\n" + component + ":.*?httpPort: " + port).matcher(values).find(),
                component + ".httpPort is " + port);
    }

    @ParameterizedTest
    @CsvSource({"ipam-service", "announcer-service"})
    void buildScriptTagsWhatTheChartDeploys(String module) throws IOException {
        String script = Files.readString(ROOT.resolve("helm/build-images.sh"));
        assertTrue(script.contains("for service in ipam-service announcer-service"));
        assertTrue(script.contains("image=\"baremetal-lb/$service:$version\""));
        assertTrue(Files.isExecutable(ROOT.resolve("helm/build-images.sh")));
        assertTrue(Files.isRegularFile(ROOT.resolve(module).resolve("Containerfile")));
    }
}
