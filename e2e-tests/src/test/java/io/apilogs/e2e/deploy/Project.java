package io.apilogs.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deploy files must agree with, read from the build: modules, ports, image tag, config keys, partitions. */
final class Project {
    static final Path ROOT = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
    static final String INGEST = "ingest-service";
    static final String QUERY = "query-service";
    /** Health paths the services answer (asserted live by the deploy ITs). */
    static final java.util.Set<String> PROBES = java.util.Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    private static final Map<String, ConfigKeys> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private Project() {
    }

    static ConfigKeys keys(String module) {
        return KEYS.computeIfAbsent(module, m -> ConfigKeys.of(ROOT, m));
    }

    static int port(String module) {
        return Integer.parseInt(keys(module).applicationProperties.getProperty("quarkus.http.port"));
    }

    /** The writer's consumers per replica by default: the default of {@code apilogs.writer.concurrency}. */
    static int defaultWriterConcurrency() {
        String expression = keys(QUERY).applicationProperties.getProperty("mp.messaging.incoming.events.concurrency");
        Matcher m = Pattern.compile("\\$\\{apilogs\\.writer\\.concurrency:(\\d+)}").matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected consumer concurrency setting: " + expression);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Images are tagged with the project's version without -SNAPSHOT. */
    static String imageTag() {
        try {
            Matcher m = Pattern.compile("<artifactId>apilogs-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(Files.readString(ROOT.resolve("pom.xml")));
            if (!m.find()) {
                throw new IllegalStateException("no version in the root pom");
            }
            return m.group(1).replace("-SNAPSHOT", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String image(String module) {
        return "apilogs/" + module + ":" + imageTag();
    }
}
