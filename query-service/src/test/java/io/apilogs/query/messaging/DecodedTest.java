package io.apilogs.query.messaging;

import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.validation.AcceptWindow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the writer sorts a batch of records before storing: events, records that are not events, and expired events. */
class DecodedTest {
    private static byte[] tool(String id, String at) throws Exception {
        return Json.CANONICAL.writeValueAsBytes(new ToolExecutionEvent("ws", id, new ConversationRef("c", null), new AssistantRef("a", null),
                Instant.parse(at), 1L, "toolu_1", null, "search", null, null, null));
    }

    private static ConsumerRecords<String, byte[]> records(byte[]... values) {
        TopicPartition partition = new TopicPartition("apilogs.events", 0);
        List<ConsumerRecord<String, byte[]>> list = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            list.add(new ConsumerRecord<>("apilogs.events", 0, i, "ws:c", values[i]));
        }
        return new ConsumerRecords<>(Map.of(partition, list));
    }

    @Test
    void sortsEventsFromJunkAndFromWhatTheRetentionNoLongerKeeps() throws Exception {
        ConsumerRecords<String, byte[]> batch = records(tool("kept", "2026-11-02T00:00:00Z"), "junk".getBytes(StandardCharsets.UTF_8),
                tool("old", "2026-10-31T23:59:59Z"), "{\"type\":\"tool_execution\"}".getBytes(StandardCharsets.UTF_8));
        Decoded decoded = Decoded.of(batch, Instant.parse("2026-11-01T00:00:00Z"), null);
        assertThat(decoded.events()).extracting(e -> e.eventId()).containsExactly("kept");
        assertThat(decoded.origins().get(decoded.events().get(0)).offset()).isZero();
        assertThat(decoded.undecodable()).hasSize(2);
        assertThat(decoded.undecodable().get(1).reason()).contains("lacks workspaceId");
        assertThat(decoded.expired()).hasSize(1);
        assertThat(decoded.expired().get(0).reason()).contains("expired").contains("2026-11-01T00:00:00Z");
    }

    @Test
    void withoutRetentionNothingExpires() throws Exception {
        Decoded decoded = Decoded.of(records(tool("ancient", "2001-01-01T00:00:00Z")), null, null);
        assertThat(decoded.events()).hasSize(1);
        assertThat(decoded.expired()).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> at(long timestamp, byte[] value) {
        return new ConsumerRecord<>("apilogs.events", 0, 0, timestamp, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "ws:c", value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }

    private static byte[] call(String id, String at, long inputTokens, String cost) throws Exception {
        return Json.CANONICAL.writeValueAsBytes(new io.apilogs.model.event.LlmCallEvent("ws", id, new ConversationRef("c", null),
                new AssistantRef("a", null), Instant.parse(at), 1L, null, "openai", "gpt-4o", null, null, null, "stop",
                new io.apilogs.model.event.Usage(inputTokens, 1L, null, null, null, null), cost == null ? null : new java.math.BigDecimal(cost),
                null, null));
    }

    /** Whoever can write to the topic bypasses ingest: what ingest would refuse and could harm other events goes to the dead letters. */
    @Test
    void eventsOutsideTheWindowOrOverTheBoundsAreDeadLetteredNotStored() throws Exception {
        long published = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
        AcceptWindow window = new AcceptWindow(java.time.Duration.ofDays(30), java.time.Duration.ofDays(1));
        List<ConsumerRecord<String, byte[]>> list = List.of(
                at(published, call("ok", "2026-11-25T11:00:00Z", 10, "0.5")),
                at(published, call("future", "2099-12-01T00:00:00Z", 10, null)),
                at(published, call("past", "2000-01-01T00:00:00Z", 10, null)),
                at(published, call("tokens", "2026-11-25T11:00:00Z", 9_223_372_036_854_775_000L, null)),
                at(published, call("cost", "2026-11-25T11:00:00Z", 10, "999999999999999.999999999")),
                // A record read long after it was published is judged by when it was published.
                at(published, call("late", "2026-11-26T11:59:00Z", 10, null)));
        Decoded decoded = Decoded.of(list, null, window);
        assertThat(decoded.events()).extracting(e -> e.eventId()).containsExactly("ok", "late");
        assertThat(decoded.invalid()).extracting(DeadLetters.DeadLetter::reason).satisfiesExactly(
                r -> assertThat(r).contains("startedAt must be at most 1 day after the record's time"),
                r -> assertThat(r).contains("startedAt must be at most 30 days before the record's time"),
                r -> assertThat(r).contains("usage.inputTokens must be at most 1000000000"),
                r -> assertThat(r).contains("costUsd must be at least 0 and less than 1000000"));
        assertThat(decoded.undecodable()).isEmpty();
    }
}
