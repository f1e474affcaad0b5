package io.apilogs.query.messaging;

import io.apilogs.query.persistence.PoisonEventException;
import io.vertx.pgclient.PgException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Only what the event itself causes is dead-lettered; a writer bug or an outage stops and retries the batch. */
class PoisonTest {
    private static PgException pg(String state) {
        return new PgException("refused", "ERROR", state, null);
    }

    @Test
    void theDatabaseRefusingTheContentIsPoison() {
        assertThat(EventsConsumer.isPoison(pg("22P02"))).as("invalid text representation").isTrue();
        assertThat(EventsConsumer.isPoison(pg("23505"))).as("unique violation").isTrue();
        assertThat(EventsConsumer.isPoison(pg("54000"))).as("program limit").isTrue();
        assertThat(EventsConsumer.isPoison(new PoisonEventException("content", null))).isTrue();
    }

    @Test
    void bugsAndOutagesAreRetriedNotDeadLettered() {
        assertThat(EventsConsumer.isPoison(new NullPointerException())).isFalse();
        assertThat(EventsConsumer.isPoison(new IllegalArgumentException())).isFalse();
        assertThat(EventsConsumer.isPoison(new ClassCastException())).isFalse();
        assertThat(EventsConsumer.isPoison(new java.io.UncheckedIOException(new java.io.IOException()))).isFalse();
        assertThat(EventsConsumer.isPoison(pg("08006"))).as("connection failure").isFalse();
        assertThat(EventsConsumer.isPoison(pg("57P01"))).as("admin shutdown").isFalse();
        assertThat(EventsConsumer.isPoison(pg("40001"))).as("serialization failure").isFalse();
        assertThat(EventsConsumer.isPoison(pg(null))).isFalse();
    }

    @Test
    void logLinesNameTopicPartitionAndOffsets() {
        TopicPartition p3 = new TopicPartition("apilogs.events", 3);
        TopicPartition p5 = new TopicPartition("apilogs.events", 5);
        ConsumerRecords<String, byte[]> records = new ConsumerRecords<>(Map.of(
                p3, List.of(new ConsumerRecord<>("apilogs.events", 3, 120, "k", new byte[0]),
                        new ConsumerRecord<>("apilogs.events", 3, 121, "k", new byte[0])),
                p5, List.of(new ConsumerRecord<>("apilogs.events", 5, 7, "k", new byte[0]))));
        assertThat(EventsConsumer.positions(records)).contains("apilogs.events-3@120..121").contains("apilogs.events-5@7..7");
    }

    @Test
    void aBatchAddsUsageToTheShardOfItsPartition() {
        TopicPartition p3 = new TopicPartition("apilogs.events", 3);
        TopicPartition p19 = new TopicPartition("apilogs.events", 19);
        assertThat(EventsConsumer.shard(new ConsumerRecords<>(Map.of(p3, List.of(new ConsumerRecord<>("apilogs.events", 3, 1, "k", new byte[0]))))))
                .isEqualTo(3);
        assertThat(EventsConsumer.shard(new ConsumerRecords<>(Map.of(p19, List.of(new ConsumerRecord<>("apilogs.events", 19, 1, "k", new byte[0]))))))
                .as("partitions beyond 16 wrap around").isEqualTo(3);
        assertThat(EventsConsumer.shard(ConsumerRecords.empty())).isZero();
    }
}
