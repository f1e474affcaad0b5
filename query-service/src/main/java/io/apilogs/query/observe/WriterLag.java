package io.apilogs.query.observe;

import io.apilogs.model.Topics;
import io.apilogs.query.config.QueryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer group's lag on {@code apilogs.events}, per partition: the log-end offset minus the group's committed
 * offset, read every 10 s through Kafka's admin API (so every replica reports the group's lag, not only its own
 * partitions). It is also what the query-service's Kafka readiness check asks: whether the broker describes the topic.
 */
@ApplicationScoped
public class WriterLag {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** What the last look at the broker found. */
    public record Snapshot(boolean reachable, String problem, int partitions, long totalLag) {
    }

    private final Admin admin;
    private final MeterRegistry registry;
    private final String group;
    private final boolean writerEnabled;
    private final Map<Integer, AtomicLong> lagByPartition = new ConcurrentHashMap<>();
    private volatile Snapshot last = new Snapshot(false, "not read yet", 0, 0);

    public WriterLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry, QueryConfig config,
                     @ConfigProperty(name = "mp.messaging.incoming.events.group.id") String group) {
        this.registry = registry;
        this.group = group;
        this.writerEnabled = config.writer().enabled();
        this.admin = Admin.create(io.apilogs.security.KafkaClients.connection(kafkaConfig, Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "apilogs-query-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
    }

    public boolean writerEnabled() {
        return writerEnabled;
    }

    @Scheduled(every = "${apilogs.writer.lag-interval:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (writerEnabled) {
            read();
        }
    }

    /** Reads the topic and the group's offsets now; the gauges follow. */
    public Snapshot read() {
        try {
            TopicDescription topic = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(Topics.EVENTS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topic.partitions().forEach(p -> latest.put(new TopicPartition(Topics.EVENTS, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long total = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long lag = Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
                total += lag;
                gauge(end.getKey().partition()).set(lag);
            }
            last = new Snapshot(true, null, topic.partitions().size(), total);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            last = new Snapshot(false, "the broker did not answer within " + TIMEOUT.toSeconds() + " s: " + cause.getClass().getSimpleName(),
                    0, last.totalLag());
        }
        return last;
    }

    public Snapshot last() {
        return last;
    }

    private AtomicLong gauge(int partition) {
        return lagByPartition.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("apilogs.writer.consumer.lag", value, AtomicLong::get)
                    .description("Records of apilogs.events not yet committed by the writer group, per partition")
                    .tag("topic", Topics.EVENTS).tag("partition", Integer.toString(p)).register(registry);
            return value;
        });
    }

    void close(@Observes ShutdownEvent event) {
        admin.close(Duration.ofSeconds(2));
    }
}
