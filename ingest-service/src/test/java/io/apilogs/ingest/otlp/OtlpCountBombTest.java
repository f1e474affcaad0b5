package io.apilogs.ingest.otlp;

import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.model.Json;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Count bombs in OTLP exports are refused while they are read, before their spans are built. */
class OtlpCountBombTest {
    private static byte[] emptySpans(int spans) {
        return OtlpBombs.emptySpans(spans);
    }

    private static byte[] wrap(int tag, byte[] inner) {
        return OtlpBombs.wrap(tag, inner);
    }

    @Test
    void twoMillionEmptyProtobufSpansAreRefusedAtTheFirstSpanPastTheLimit() {
        byte[] bomb = emptySpans(2_400_000);
        AtomicLong charged = new AtomicLong();
        assertThatThrownBy(() -> OtlpDecoder.protobuf(bomb, 1000, charged::addAndGet))
                .isInstanceOf(OtlpDecoder.Malformed.class).hasMessageContaining("more than 1000 spans");
        assertThat(charged).as("nothing was charged: nothing was built").hasValue(0);
    }

    @Test
    void theWireCountMatchesWhatTheParserBuilds() throws Exception {
        Span span = Span.newBuilder().setName("chat").addAttributes(KeyValue.newBuilder().setKey("k")
                .setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(AnyValue.newBuilder().setIntValue(2))))).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("bot"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span).addSpans(span).addSpans(span))).build();
        OtlpWire.Count count = OtlpWire.count(request.toByteArray(), 1000);
        assertThat(count.spans()).isEqualTo(3);
        // resourceSpans 3, resource 3, its kv 3 + key 1 + value 3 + string 1, scopeSpans 3, and per span:
        // span 3 + name 1 + kv 3 + key 1 + value 3 + array 3 + two values (3 + 1 each) = 22.
        assertThat(count.values()).isEqualTo(3 + 3 + 3 + 1 + 3 + 1 + 3 + 3 * 22);
        AtomicLong charged = new AtomicLong();
        List<OtlpSpan> spans = OtlpDecoder.protobuf(request.toByteArray(), 3, charged::addAndGet);
        assertThat(spans).hasSize(3);
        assertThat(charged).hasValue(count.values());
        assertThatThrownBy(() -> OtlpDecoder.protobuf(request.toByteArray(), 2, TreeCharge.NONE))
                .isInstanceOf(OtlpDecoder.Malformed.class).hasMessageContaining("more than 2 spans");
    }

    @Test
    void logsExportsAreCountedByRecordAndChargedTheSameWay() throws Exception {
        // 2.4 million empty log records (12 00 under a scopeLogs): refused at the 1,001st, nothing built.
        java.io.ByteArrayOutputStream scope = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 2_400_000; i++) {
            scope.write(0x12);
            scope.write(0x00);
        }
        io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest bomb = io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest
                .newBuilder().addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                        .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.parseFrom(scope.toByteArray()))).build();
        assertThatThrownBy(() -> OtlpDecoder.logs(bomb.toByteArray(), 1000, TreeCharge.NONE))
                .isInstanceOf(OtlpDecoder.Malformed.class).hasMessageContaining("more than 1000 log records");
        AtomicLong charged = new AtomicLong();
        io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest three = io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest
                .newBuilder().addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                        .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.parseFrom(java.util.Arrays.copyOf(scope.toByteArray(), 6)))).build();
        assertThat(OtlpDecoder.logs(three.toByteArray(), 1000, charged::addAndGet)).hasSize(3);
        assertThat(charged.get()).isEqualTo(OtlpWire.count(three.toByteArray(), 1000, Signal.LOGS).values()).isPositive();
    }

    @Test
    void aSpanOfAMillionAttributesIsChargedBeforeItIsParsed() {
        byte[] bomb = OtlpBombs.emptyAttributes(1_000_000);
        RuntimeException refused = new IllegalStateException("over budget");
        assertThatThrownBy(() -> OtlpDecoder.protobuf(bomb, 1000, values -> {
            assertThat(values).isEqualTo(3_000_000 + 9);
            throw refused;
        })).isSameAs(refused);
    }

    @Test
    void brokenAndTooDeepWiresAreMalformed() {
        byte[] truncated = java.util.Arrays.copyOf(emptySpans(10), 7);
        assertThatThrownBy(() -> OtlpWire.count(truncated, 1000)).isInstanceOf(OtlpDecoder.Malformed.class);
        AnyValue.Builder deep = AnyValue.newBuilder().setIntValue(1);
        for (int i = 0; i < 60; i++) {
            deep = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(deep));
        }
        byte[] nested = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(
                ScopeSpans.newBuilder().addSpans(Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("k").setValue(deep)))))
                .build().toByteArray();
        assertThatThrownBy(() -> OtlpWire.count(nested, 1000)).isInstanceOf(OtlpDecoder.Malformed.class)
                .hasMessageContaining("nested deeper than 100");
    }

    @Test
    void aMillionEmptyJsonSpansAreRefusedAtTheFirstSpanPastTheLimit() {
        StringBuilder body = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
        for (int i = 0; i < 1_700_000; i++) {
            body.append(i == 0 ? "{}" : ",{}");
        }
        body.append("]}]}]}");
        AtomicLong charged = new AtomicLong();
        assertThatThrownBy(() -> OtlpJson.read(body.toString().getBytes(StandardCharsets.UTF_8), Json.untrusted(64, 5 << 20, 1_000_000),
                1000, charged::addAndGet)).isInstanceOf(OtlpDecoder.Malformed.class).hasMessageContaining("more than 1000 spans");
        assertThat(charged.get()).as("at most the tokens of 1000 spans and a node batch").isLessThan(10_000);
    }

    @Test
    void aJsonResourceAfterItsSpansStillNamesThem() throws Exception {
        String body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a"},{"name":"b"}]}],
                  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bot"}}]}}]}""";
        AtomicLong charged = new AtomicLong();
        List<OtlpSpan> spans = OtlpJson.read(body.getBytes(StandardCharsets.UTF_8), Json.untrusted(64, 1 << 20, 1_000_000), 1000,
                charged::addAndGet);
        assertThat(spans).extracting(OtlpSpan::name).containsExactly("a", "b");
        assertThat(spans).allSatisfy(span -> assertThat(span.resource()).containsEntry("service.name", "bot"));
        assertThat(charged.get()).as("every token of the body").isEqualTo(38);
    }
}
