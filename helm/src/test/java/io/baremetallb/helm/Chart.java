package io.baremetallb.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The chart under test, rendered with helm-java exactly as {@code helm template} would. */
final class Chart {
    /** Surefire runs in the module's directory. */
    static final Path DIRECTORY = Path.of("baremetal-lb").toAbsolutePath();
    static final String RELEASE = "bmlb";
    static final String NAMESPACE = "baremetal-lb";

    private Chart() {
    }

    static Helm helm() {
        LookupServer.ensureStarted();
        return new Helm(DIRECTORY);
    }

    /** The rendered manifests with the chart's defaults overridden by the named value files (test resources). */
    static String template(String... valueFiles) {
        TemplateCommand command = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String valueFile : valueFiles) {
            command = command.withValuesFile(resource("values/" + valueFile));
        }
        return command.call();
    }

    /** The rendered objects, parsed. */
    static List<com.google.gson.JsonObject> render(String... valueFiles) {
        return Manifests.parse(template(valueFiles));
    }

    static Path resource(String name) {
        try {
            var url = Chart.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
