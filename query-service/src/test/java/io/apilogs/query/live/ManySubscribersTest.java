package io.apilogs.query.live;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.Topics;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many live timelines at once on the real writer and database, while other clients keep joining and leaving the same
 * conversations: every subscriber that stays gets every item of its conversation, once, in seq order.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ManySubscribersTest {
    private static final int CONVERSATIONS = 8;
    private static final int STAYERS_PER_CONVERSATION = 15;
    private static final int ITEMS_PER_CONVERSATION = 5;
    // HTTP/1.1, as browsers open EventSource streams over plain http: one connection per stream.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** The stack's Kafka connection (bootstrap servers and SASL: the broker takes no other client) with {@code extra}. */
    private Map<String, Object> kafka(Map<String, Object> extra) {
        return io.apilogs.security.KafkaClients.connection(kafkaConfig, extra);
    }

    @TestHTTPResource("/")
    URL baseUrl;

    /** One open stream and the ids it has received. */
    private record Subscriber(String conversation, List<String> ids, CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response) {
    }

    @Test
    void everySubscriberThatStaysGetsEveryItemOnceWhileOthersComeAndGo() throws Exception {
        String base = baseUrl.toString().replaceAll("/$", "");
        AdminClient admin = new AdminClient(base, LocalStackTestResource.ADMIN_TOKEN);
        AdminClient.Workspace ws = admin.createWorkspace("many-subscribers");
        // Streams are limited per key (50 by default): spread the subscribers over keys.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(admin.createKey(ws.id(), "read"));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Subscriber> stayers = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            for (int s = 0; s < STAYERS_PER_CONVERSATION; s++) {
                String conversation = "many-" + run + "-" + c;
                List<String> ids = new CopyOnWriteArrayList<>();
                stayers.add(new Subscriber(conversation, ids, open(base, conversation, keys.get(stayers.size() % 3), ids)));
            }
        }
        // Churn on the last key: streams opened on the same conversations and closed again, all through the test.
        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger churned = new AtomicInteger();
        List<Thread> churners = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread churner = new Thread(() -> {
                for (int i = 0; churning.get(); i++) {
                    String conversation = "many-" + run + "-" + ((i + offset) % CONVERSATIONS);
                    try {
                        HttpResponse<InputStream> response = HTTP.send(request(base, conversation, keys.get(3)),
                                HttpResponse.BodyHandlers.ofInputStream());
                        response.body().read(new byte[64]);
                        response.body().close();
                        churned.incrementAndGet();
                    } catch (Exception e) {
                        // a refused or cut stream is part of the churn
                    }
                }
            });
            churner.start();
            churners.add(churner);
        }
        for (Subscriber subscriber : stayers) {
            subscriber.response().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka(Map.of("acks", "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int round = 1; round <= ITEMS_PER_CONVERSATION; round++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    String conversation = "many-" + run + "-" + c;
                    LlmCallEvent call = new LlmCallEvent(ws.id(), conversation + "-e" + round, new ConversationRef(conversation, null),
                            new AssistantRef("assistant", null), Instant.parse("2026-11-20T10:00:00Z").plusSeconds(round), 100L, null,
                            "openai", "gpt-4o", null, null, null, "stop", new Usage(10L, 5L, null, null, null, null), null, null, null);
                    producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.eventKey(ws.id(), conversation),
                            Json.CANONICAL.writeValueAsBytes(call)));
                }
                producer.flush();
                // Each round is delivered before the next is sent, so every item comes from a batch of its own.
                int delivered = round;
                await().atMost(Duration.ofSeconds(30)).until(() -> stayers.stream().allMatch(sub -> sub.ids().size() >= delivered));
            }
        }
        List<String> expected = List.of("1", "2", "3", "4", "5");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (Subscriber subscriber : stayers) {
                    assertThat(subscriber.ids()).as(subscriber.conversation()).hasSize(ITEMS_PER_CONVERSATION);
                }
            });
        } finally {
            churning.set(false);
            for (Thread churner : churners) {
                churner.join(10_000);
            }
        }
        for (Subscriber subscriber : stayers) {
            assertThat(subscriber.ids()).as(subscriber.conversation()).containsExactlyElementsOf(expected);
        }
        assertThat(churned.get()).as("streams opened and closed meanwhile").isGreaterThan(CONVERSATIONS);
        for (Subscriber subscriber : stayers) {
            subscriber.response().get().body().close();
        }
    }

    private static HttpRequest request(String base, String conversation, String key) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/conversations/" + conversation + "/timeline/stream"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build();
    }

    private static CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> open(String base, String conversation, String key,
                                                                                       List<String> ids) {
        return HTTP.sendAsync(request(base, conversation, key), HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> response.body().forEach(line -> {
                if (line.startsWith("id:")) {
                    ids.add(line.substring(3).trim());
                }
            }));
            reader.setDaemon(true);
            reader.start();
            return response;
        });
    }
}
