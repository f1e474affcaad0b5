package io.apilogs.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The writer's consumer lag: records in apilogs.events past the group's committed offsets. Offsets are committed in
 * throttled batches, so this runs a few seconds behind what the writer has stored.
 */
final class Lag implements AutoCloseable {
    private static final String GROUP = "apilogs-writer";
    private final Admin admin;

    /** {@code client}: the stack's Kafka client settings (bootstrap servers and SASL). */
    Lag(Map<String, Object> client) {
        admin = Admin.create(client);
    }

    long total() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of("apilogs.events")).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get("apilogs.events").partitions()
                    .forEach(p -> latest.put(new TopicPartition("apilogs.events", p.partition()), OffsetSpec.latest()));
            long lag = 0;
            for (var entry : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(entry.getKey());
                lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
