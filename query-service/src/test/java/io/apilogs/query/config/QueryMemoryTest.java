package io.apilogs.query.config;

import io.apilogs.security.HeapCheck;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryMemoryTest {
    private static final long MB = 1024 * 1024;

    @Test
    void theDefaultsHold384MbAndTheDefaultHeapOf512MbHasAMarginOver30Percent() {
        long total = HeapCheck.total(new QueryMemory.Floor().parts((name, fallback) -> fallback));
        // service 80 + writer 4 x (4 x 6 MiB + 3 x 6 MiB) = 168 + search key cache 8 + live streams 32 + reads (pages 32 + details 64) = 384.
        assertThat(total).isEqualTo(384 * MB);
        assertThat(512 * MB).isGreaterThan(total * 13 / 10);
    }

    @Test
    void theDetailBudgetAndAReadOnlyReplicaChangeTheFloor() {
        Map<String, String> env = Map.of("APILOGS_READS_DETAIL_BYTES", String.valueOf(128 * MB), "APILOGS_WRITER_ENABLED", "false");
        assertThat(HeapCheck.total(new QueryMemory.Floor().parts((name, fallback) -> env.getOrDefault(name, fallback))))
                .isEqualTo((80 + 32 + 32 + 128) * MB);
    }
}
