package io.apilogs.query.messaging;

import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ToolExecutionEvent;
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
        Decoded decoded = Decoded.of(batch, Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(decoded.events()).extracting(e -> e.eventId()).containsExactly("kept");
        assertThat(decoded.origins().get(decoded.events().get(0)).offset()).isZero();
        assertThat(decoded.undecodable()).hasSize(2);
        assertThat(decoded.undecodable().get(1).reason()).contains("lacks workspaceId");
        assertThat(decoded.expired()).hasSize(1);
        assertThat(decoded.expired().get(0).reason()).contains("expired").contains("2026-11-01T00:00:00Z");
    }

    @Test
    void withoutRetentionNothingExpires() throws Exception {
        Decoded decoded = Decoded.of(records(tool("ancient", "2001-01-01T00:00:00Z")), null);
        assertThat(decoded.events()).hasSize(1);
        assertThat(decoded.expired()).isEmpty();
    }
}
