package io.apilogs.localstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {
    @Test
    void queryServiceCompilesWithC1OnlyAndIngestKeepsC2() {
        // Unless APILOGS_SERVICE_JAVA_OPTS replaces them, which the build does not set.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("APILOGS_SERVICE_JAVA_OPTS") == null);
        assertThat(ServiceProcess.javaOptions("query-service"))
                .contains("-XX:+ExitOnOutOfMemoryError", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(ServiceProcess.javaOptions("ingest-service"))
                .contains("-XX:+ExitOnOutOfMemoryError", "-Xmx288m", "-XX:+UseSerialGC")
                .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"));
    }
}
