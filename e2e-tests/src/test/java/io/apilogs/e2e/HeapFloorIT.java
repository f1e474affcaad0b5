package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A packaged service given a heap smaller than its memory bounds hold refuses to start with one line, before anything
 * starts; the default heaps of {@code ./apilogs up} hold them (every other test runs on those).
 */
@ExtendWith(SharedSystem.class)
class HeapFloorIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static List<String> startWithHeap(String module, String heap, Map<String, String> settings) throws Exception {
        RunningSystem system = SharedSystem.system();
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        Path output = Files.createTempFile("heap-floor-" + module, ".log");
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-Xmx" + heap, "-Dquarkus.http.port=" + SharedSystem.freePort(), "-jar",
                root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(system.stack().serviceEnvironment());
        builder.environment().put("APILOGS_ADMIN_TOKEN", system.adminToken());
        builder.environment().putAll(settings);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(module + " with -Xmx" + heap + " exits").isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            return Files.readAllLines(output);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    @Test
    void ingestWithATooSmallHeapRefusesToStartInOneLine() throws Exception {
        assertThat(startWithHeap("ingest-service", "96m", Map.of())).singleElement().asString()
                .startsWith("ingest-service needs a heap of at least 224 MB for its memory bounds (service 64 MB + request bodies")
                .contains("but has").endsWith("refusing to start");
    }

    @Test
    void queryServiceWithATooSmallHeapRefusesToStartInOneLine() throws Exception {
        assertThat(startWithHeap("query-service", "200m", Map.of())).singleElement().asString()
                .startsWith("query-service needs a heap of at least 384 MB for its memory bounds (service 80 MB + writer 4 x"
                        + " (4 polls + chunk decoded) 168 MB + search key cache 8 MB + live streams 32 MB + reads (pages + details) 96 MB)")
                .endsWith("refusing to start");
    }

    @Test
    void theBoundsComeFromTheSettings() throws Exception {
        // A read-only replica holds no writer; larger live-stream buffers need more.
        assertThat(startWithHeap("query-service", "150m", Map.of("APILOGS_WRITER_ENABLED", "false",
                "APILOGS_STREAMS_TOTAL_BUFFER_BYTES", String.valueOf(64 * 1024 * 1024)))).singleElement().asString()
                .startsWith("query-service needs a heap of at least 240 MB for its memory bounds (service 80 MB + live streams 64 MB"
                        + " + reads (pages + details) 96 MB)");
    }
}
