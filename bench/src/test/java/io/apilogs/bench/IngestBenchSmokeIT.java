package io.apilogs.bench;

import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest benchmark compiles and runs: a short run of each mode moves events end to end and loses none. No speed is asserted. */
class IngestBenchSmokeIT {
    @Test
    void eventsFlowAndNoneIsLost() throws Exception {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("bench/target/ingest-bench-smoke-" + java.util.UUID.randomUUID());
        try (RunningSystem system = IngestBench.start(root, data)) {
            IngestBench.Result small = IngestBench.run(system, Traffic.Mode.SMALL, 10, 2, false);
            assertThat(small.acceptedEvents()).isPositive();
            assertThat(small.storedEvents()).isEqualTo(small.acceptedEvents());
            IngestBench.Result mix = IngestBench.run(system, Traffic.Mode.MIX, 5, 2, true);
            assertThat(mix.acceptedEvents()).isPositive();
            assertThat(mix.storedEvents()).isEqualTo(mix.acceptedEvents());
            assertThat(mix.ceilingPerSecond()).isPositive();
        } finally {
            Bench.deleteTree(data);
        }
    }
}
