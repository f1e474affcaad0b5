package io.apilogs.query.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunksTest {
    private static ConsumerRecord<String, byte[]> record(long offset, int bytes) {
        return new ConsumerRecord<>("apilogs.events", 0, offset, "k", new byte[bytes - 1]);
    }

    @Test
    void aBatchIsCutByBytesInOrderAndALargeRecordIsAChunkOfItsOwn() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int bytes : new int[] {400, 400, 300, 2000, 100, 100}) {
            records.add(record(records.size(), bytes));
        }
        List<List<ConsumerRecord<String, byte[]>>> chunks = Chunks.byBytes(records, 1000);
        assertThat(chunks).extracting(chunk -> chunk.stream().map(ConsumerRecord::offset).toList())
                .containsExactly(List.of(0L, 1L), List.of(2L), List.of(3L), List.of(4L, 5L));
        assertThat(chunks.stream().flatMap(List::stream)).containsExactlyElementsOf(records);
    }

    @Test
    void smallEventsStayOneChunkAndNothingMakesNoChunk() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(record(i, 1200));
        }
        assertThat(Chunks.byBytes(records, 1024 * 1024)).hasSize(1);
        assertThat(Chunks.byBytes(List.of(), 1024)).isEmpty();
    }
}
