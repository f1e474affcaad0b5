package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A packaged service given a heap smaller than its memory bounds hold refuses to start, saying so in one line; the
 * default heaps of {@code ./apilogs up} hold them (every other test runs on those).
 */
@ExtendWith(SharedSystem.class)
class HeapFloorIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static List<String> startWithHeap(String module, String heap) throws Exception {
        RunningSystem system = SharedSystem.system();
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-Xmx" + heap, "-Dquarkus.http.port=" + SharedSystem.freePort(), "-jar",
                root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(system.stack().serviceEnvironment());
        env.put("APILOGS_ADMIN_TOKEN", system.adminToken());
        // A read-only replica: this one must not join the writers' consumer group of the shared system.
        env.put("APILOGS_WRITER_ENABLED", "false");
        Process process = builder.start();
        List<String> lines = new ArrayList<>(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(module + " with -Xmx" + heap + " exits").isNotZero();
        return lines;
    }

    @Test
    void ingestWithATooSmallHeapRefusesToStartInOneLine() throws Exception {
        List<String> lines = startWithHeap("ingest-service", "96m");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("ingest-service needs a heap of at least 224 MB for its memory bounds (service 64 MB + request bodies")
                .contains("but has").contains("refusing to start"));
    }

    @Test
    void aReadOnlyQueryReplicaWithATooSmallHeapRefusesToStartInOneLine() throws Exception {
        List<String> lines = startWithHeap("query-service", "150m");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("query-service needs a heap of at least 176 MB for its memory bounds (service 80 MB + live streams 32 MB"
                        + " + reads 64 MB)").contains("refusing to start"));
    }
}
