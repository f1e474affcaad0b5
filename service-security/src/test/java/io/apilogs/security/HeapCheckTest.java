package io.apilogs.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeapCheckTest {
    private static final long MB = 1024 * 1024;

    @Test
    void aHeapBelowWhatTheBoundsHoldIsRefusedInOneLineNamingEachPart() {
        HeapCheck.Part[] parts = {new HeapCheck.Part("service", 64 * MB), new HeapCheck.Part("request bodies", 144 * MB)};
        assertThat(HeapCheck.total(parts)).isEqualTo(208 * MB);
        assertThatThrownBy(() -> HeapCheck.require("ingest-service", 200 * MB, parts))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ingest-service needs a heap of at least 208 MB for its memory bounds (service 64 MB + request bodies"
                        + " 144 MB) but has 200 MB: raise -Xmx (APILOGS_SERVICE_JAVA_OPTS) or lower the bounds; refusing to start")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aHeapThatHoldsTheBoundsPasses() {
        HeapCheck.require("query-service", 208 * MB, new HeapCheck.Part("service", 64 * MB), new HeapCheck.Part("writer", 144 * MB));
    }
}
