package io.apilogs.ingest.limits;

import io.apilogs.security.HeapCheck;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestMemoryTest {
    private static final long MB = 1024 * 1024;

    @Test
    void theDefaultsNeed224MbAndTheEnvironmentChangesThat() {
        assertThat(HeapCheck.total(new IngestMemory.Floor().parts((name, fallback) -> fallback))).isEqualTo(224 * MB);
        Map<String, String> env = Map.of("APILOGS_INGEST_INFLIGHT_BYTES", String.valueOf(48 * MB));
        assertThat(HeapCheck.total(new IngestMemory.Floor().parts((name, fallback) -> env.getOrDefault(name, fallback))))
                .isEqualTo((64 + 6 * 48 + 16) * MB);
    }

    @Test
    void aBodyBudgetBelowTwiceTheLargestBodyIsRefused() {
        assertThatThrownBy(() -> IngestMemory.parts(5 * MB, 8 * MB, 16 * MB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("below twice the largest body").hasMessageEndingWith("refusing to start");
    }
}
