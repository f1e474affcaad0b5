package io.apilogs.ingest.messaging;

import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's {@code buffer.memory} is a real bound: against a broker that acknowledges slowly (a client quota of
 * 1 KB a second), the records waiting for acks fill the buffer, and the next
 * send is refused after {@code max.block.ms} (the ack timeout, which the route answers 503) instead of growing the heap.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ProducerBufferTest {
    private static final int BUFFER = 1024 * 1024;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    IngestConfig config;

    @Test
    void recordsNobodyAcknowledgesFillTheBufferAndTheNextSendIsRefused() throws Exception {
        String topic = "throttled-" + UUID.randomUUID();
        String clientId = "throttled-" + UUID.randomUUID();
        try (Admin admin = Admin.create(io.apilogs.security.KafkaClients.connection(kafkaConfig, Map.of()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // The broker lets this client produce 1 KB a second: it holds back the acks of anything more.
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> props = new HashMap<>(EventPublisher.producerProps(kafkaConfig, config));
        assertThat(props.get(ProducerConfig.BUFFER_MEMORY_CONFIG)).isEqualTo(config.producerBufferBytes());
        assertThat(props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(config.ackTimeout().toMillis());
        // A 1 MiB buffer instead of 16 MiB, and a shorter wait, so the test fills it quickly.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        byte[] value = new byte[50 * 1024];
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<Exception> refused = new AtomicReference<>();
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // A send the buffer has no room for fails in its callback, called from send itself, after max.block.ms.
            for (int i = 0; i < 100 && refused.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, "k", value), (metadata, failure) -> {
                    if (failure == null) {
                        acked.incrementAndGet();
                    } else {
                        refused.compareAndSet(null, failure);
                    }
                });
                sent++;
            }
            assertThat(refused.get()).as("a send past the buffer").isInstanceOf(BufferExhaustedException.class);
            sent--;
            // What the buffer took: at most 1 MiB of 50 KB records beyond those acknowledged.
            assertThat(sent - acked.get()).isBetween(5, BUFFER / value.length);
            assertThat(acked.get()).isLessThan(sent);
            Metric total = producer.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("buffer-total-bytes"))
                    .findFirst().orElseThrow().getValue();
            assertThat(((Number) total.metricValue()).longValue()).isEqualTo(BUFFER);
            producer.close(java.time.Duration.ZERO);
        }
    }
}
