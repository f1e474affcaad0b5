package io.apilogs.query.observe;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.localstack.util.PrometheusText;
import io.apilogs.model.Json;
import io.apilogs.model.Topics;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.service.LiveFeeds;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * /q/metrics after real traffic through the broker, the writer and PostgreSQL: the writer's, the live streams' and the
 * prompt-dedup meters move by exactly what happened; /q/health reports Kafka and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class QueryObservabilityTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** The stack's Kafka connection (bootstrap servers and SASL: the broker takes no other client) with {@code extra}. */
    private Map<String, Object> kafka(Map<String, Object> extra) {
        return io.apilogs.security.KafkaClients.connection(kafkaConfig, extra);
    }

    @Inject
    LiveFeeds feeds;

    @Inject
    WriterLag lag;

    private final String ws = "ws_metrics_" + UUID.randomUUID();

    private static PrometheusText scrape() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private LlmCallEvent call(String eventId, String conversation, String systemPrompt) {
        return new LlmCallEvent(ws, eventId, new ConversationRef(conversation, null), new AssistantRef("bot", null), T0, 100L, null,
                "openai", "gpt-4o", systemPrompt, null, null, "stop", new Usage(10L, 5L, null, null, null, null), null, null, null);
    }

    private ToolExecutionEvent tool(String eventId, String conversation) {
        return new ToolExecutionEvent(ws, eventId, new ConversationRef(conversation, null), new AssistantRef("bot", null),
                T0.plusSeconds(1), 40L, "toolu_1", null, "search", null, null, null);
    }

    private void send(List<Event> events, byte[]... raw) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka(Map.of("acks", "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.eventKey(ws, event.conversation().id()),
                        Json.CANONICAL.writeValueAsBytes(event))).get();
            }
            for (byte[] record : raw) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, ws + ":junk", record)).get();
            }
        }
    }

    @Test
    void writerAndLiveMetersMoveByWhatWasWritten() throws Exception {
        String conv = "conv-" + UUID.randomUUID();
        PrometheusText before = scrape();
        AssertSubscriber<LiveFeeds.Update> live = feeds.timeline(ws, conv, 0, "t-test")
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        assertThat(scrape().sum("apilogs_live_subscribers", "kind", "timeline")
                - before.sum("apilogs_live_subscribers", "kind", "timeline")).isEqualTo(1);

        String prompt = "You are terse. " + UUID.randomUUID();
        LlmCallEvent first = call("e1-" + conv, conv, prompt);
        // Two calls share one new system prompt; one call repeats an eventId; one record is not an event at all.
        send(List.of(first, call("e2-" + conv, conv, prompt), tool("e3-" + conv, conv), first),
                "not an event".getBytes(StandardCharsets.UTF_8));
        live.awaitItems(3, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "apilogs_writer_events_written_total", "type", "llm_call")).isEqualTo(2);
            assertThat(delta(before, after, "apilogs_writer_events_written_total", "type", "tool_execution")).isEqualTo(1);
            assertThat(delta(before, after, "apilogs_writer_duplicates_total")).isEqualTo(1);
            assertThat(delta(before, after, "apilogs_writer_dead_letters_total", "reason", "undecodable")).isEqualTo(1);
            assertThat(delta(before, after, "apilogs_writer_prompts_total", "outcome", "new")).isEqualTo(1);
            assertThat(delta(before, after, "apilogs_writer_prompts_total", "outcome", "deduplicated")).isEqualTo(1);
            assertThat(delta(before, after, "apilogs_writer_batch_size_sum")).isEqualTo(5);
            assertThat(delta(before, after, "apilogs_writer_write_seconds_count")).isPositive();
            assertThat(delta(before, after, "apilogs_live_events_pushed_total", "kind", "timeline")).isEqualTo(3);
            assertThat(delta(before, after, "apilogs_live_notify_push_seconds_count", "kind", "timeline")).isPositive();
            assertThat(after.sum("apilogs_writer_prompt_dedup_ratio")).isBetween(0.0, 1.0);
        });

        live.cancel();
        assertThat(scrape().sum("apilogs_live_subscribers", "kind", "timeline")).isEqualTo(before.sum("apilogs_live_subscribers", "kind", "timeline"));

        WriterLag.Snapshot snapshot = lag.read();
        assertThat(snapshot.reachable()).isTrue();
        PrometheusText withLag = scrape();
        assertThat(withLag.samples().stream().filter(s -> s.name().equals("apilogs_writer_consumer_lag"))
                .map(s -> s.labels().get("partition"))).hasSize(snapshot.partitions());
        assertThat(withLag.sum("apilogs_writer_consumer_lag", "topic", Topics.EVENTS)).isEqualTo(snapshot.totalLag());
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndCounted() throws Exception {
        String conv = "slow-" + UUID.randomUUID();
        PrometheusText before = scrape();
        AssertSubscriber<LiveFeeds.Update> slow = feeds.timeline(ws, conv, 0, "t-slow")
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        List<Event> many = new java.util.ArrayList<>();
        for (int i = 0; i < LiveFeeds.BUFFER + 10; i++) {
            many.add(tool("slow-" + i + "-" + conv, conv));
        }
        send(many);
        slow.awaitFailure(Duration.ofSeconds(60));
        assertThat(slow.getFailure()).isInstanceOf(BackPressureFailure.class);
        assertThat(delta(before, scrape(), "apilogs_live_slow_clients_dropped_total", "kind", "timeline")).isEqualTo(1);
    }

    @Test
    void healthReportsKafkaAndPostgresql() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka"))
                .body("checks.find { it.name == 'kafka' }.data.broker", equalTo("reachable"))
                .body("checks.name", hasItem("postgresql"))
                .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("started"));
    }
}
