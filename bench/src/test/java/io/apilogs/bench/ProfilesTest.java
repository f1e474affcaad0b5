package io.apilogs.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilesTest {
    @Test
    void eachStackCountsForTheRuntimePartItIsInElseItsDeepestKnownFrame() {
        assertThat(Profiles.part("start_thread;JavaThread::run;CompileBroker::compiler_thread_loop;C2Compiler::compile_method;PhaseChaitin::Split"))
                .isEqualTo("JIT (C2)");
        assertThat(Profiles.part("start_thread;VMThread::run;VM_GenCollectForAllocation::doit;DefNewGeneration::collect")).isEqualTo("GC");
        // The deepest known frame wins: a socket write under the Kafka client is the Kafka client's.
        assertThat(Profiles.part("java/lang/Thread.run;io/vertx/core/impl/WorkerTask.run;org/apache/kafka/common/network/Selector.poll;"
                + "sun/nio/ch/SocketChannelImpl.write;__x64_sys_write_[k]")).isEqualTo("Kafka client");
        assertThat(Profiles.part("java/lang/Thread.run;io/apilogs/ingest/service/IngestService.publish;"
                + "io/apilogs/model/redaction/SecretShapes.nextCandidate")).isEqualTo("redaction");
        assertThat(Profiles.part("java/lang/Thread.run;io/apilogs/ingest/service/IngestService.publish;"
                + "com/fasterxml/jackson/core/json/UTF8JsonGenerator._writeStringSegment")).isEqualTo("Jackson");
        assertThat(Profiles.part("java/lang/Thread.run;java/util/HashMap.getNode")).isEqualTo("JDK");
        assertThat(Profiles.part("entry_SYSCALL_64_[k];do_syscall_64_[k]")).isEqualTo("kernel");
    }

    @Test
    void aWindowCountsForAModeWhenAtLeastHalfOfItLiesInIt() {
        java.time.Instant from = java.time.Instant.parse("2026-12-07T10:00:00Z");
        java.time.Instant to = from.plusSeconds(30);
        assertThat(Profiles.overlaps(from.minusSeconds(8), from, to)).as("the services' start, 2 s into the mode").isFalse();
        assertThat(Profiles.overlaps(from.minusSeconds(5), from, to)).isTrue();
        assertThat(Profiles.overlaps(from.plusSeconds(10), from, to)).isTrue();
        assertThat(Profiles.overlaps(to.minusSeconds(4), from, to)).isFalse();
        assertThat(Profiles.overlaps(to, from, to)).isFalse();
    }

    @Test
    void aFileIsStampedAtTheEndOfItsWindow() {
        java.time.Instant end = java.time.LocalDateTime.of(2026, 12, 7, 13, 11, 54).atZone(java.time.ZoneId.systemDefault()).toInstant();
        assertThat(Profiles.windowStart("20261207-131154")).isEqualTo(end.minusSeconds(Profiles.WINDOW_SECONDS));
        assertThat(Profiles.windowStart("notes")).isNull();
    }

    @Test
    void totalsSumCollapsedLines() {
        Profiles.Totals totals = new Profiles.Totals();
        totals.add("a;C2Compiler::compile_method;x 30");
        totals.add("java/lang/Thread.run;io/apilogs/query/X.y 10");
        totals.add("java/lang/Thread.run;io/apilogs/query/X.y 5");
        assertThat(totals.total).isEqualTo(45);
        assertThat(totals.parts).containsEntry("JIT (C2)", 30L).containsEntry("our code", 15L);
        assertThat(totals.describe("query-service", true)).contains("JIT (C2) 66.7%", "our code 33.3%", "33.3% io/apilogs/query/X.y");
    }
}
