package io.apilogs.e2e;

import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.ClientStats;
import io.apilogs.client.LlmCall;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The Java client against the real stack through outages: Kafka away (ingest answers 503) and ingest itself away
 * (connections refused). Every event logged is stored exactly once.
 */
class ClientIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void startSystem() {
        // Its own system: this test stops the broker and ingest.
        system = SharedSystem.start("client");
        ws = system.admin().createWorkspace("client");
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    private static void logMany(ApiLogsClient logs, String conversation, int from, int count) {
        for (int i = from; i < from + count; i++) {
            logs.log(LlmCall.of(conversation, "client-bot", "gpt-4o").usage(100, 10).response("answer " + i).event());
        }
    }

    @Test
    void nothingIsLostOrDoubledThroughABrokerOutageAndAnIngestRestart() throws Exception {
        String conversation = "client-" + UUID.randomUUID();
        ApiLogsClient logs = ApiLogsClient.builder(system.ingest().baseUrl(), ws.ingestKey()).shutdownHook(false)
                .batchSize(20).flushInterval(Duration.ofMillis(200)).backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .closeTimeout(Duration.ofMinutes(2)).build();
        logMany(logs, conversation, 0, 50);
        assertThat(logs.flush(Duration.ofSeconds(60))).isTrue();

        system.stack().kafka().stop();
        try {
            logMany(logs, conversation, 50, 50);
            Thread.sleep(3_000);
        } finally {
            system.stack().kafka().restart();
        }
        assertThat(logs.flush(Duration.ofSeconds(90))).as("the batches refused with 503 were sent again").isTrue();

        Thread restart = new Thread(() -> system.stopIngestFor(Duration.ofSeconds(3)));
        restart.start();
        Thread.sleep(500);
        logMany(logs, conversation, 100, 50);
        restart.join();
        logs.close();

        ClientStats stats = logs.stats();
        assertThat(stats.logged()).isEqualTo(150);
        assertThat(stats.acknowledged()).isEqualTo(150);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.refused()).isZero();
        assertThat(stats.retries()).as("the outages made the client send again").isPositive();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(system.query().baseUrl())
                .header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conversation)
                .then().statusCode(200).body("callCount", equalTo(150)));
    }
}
