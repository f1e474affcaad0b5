package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.apilogs.model.Topics;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./apilogs up} supervises its services like an orchestrator: query-service killed with SIGKILL under load is
 * restarted, stores again on every partition, and every accepted event is stored once. The time from the kill to
 * storing again on all partitions is printed (the target is 15 s; the check allows a slow, shared machine 90 s).
 */
class SupervisionIT {
    private static final int PARTITIONS = 4;
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static final List<String> supervisorLines = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSystem() {
        system = SharedSystem.start("supervision");
        system.supervise(supervisorLines::add);
        ws = system.admin().createWorkspace("supervision");
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void queryServiceKilledUnderLoadIsRestartedAndEveryAcceptedEventIsStoredOnce() throws Exception {
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        String text = Texts.of(800);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    for (int b = 0; loading.get(); b++) {
                        StringBuilder body = new StringBuilder("{\"events\":[");
                        for (int i = 0; i < 50; i++) {
                            body.append(i == 0 ? "" : ",").append(Texts.llmCall("sup-" + UUID.randomUUID(), "sup-" + client + "-" + (b + i) % 25, text));
                        }
                        Posts.untilAccepted(system.ingest().baseUrl(), ws.ingestKey(), body.append("]}").toString(), Duration.ofMinutes(2));
                        accepted.addAndGet(50);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "supervision-load-" + c);
            thread.start();
            clients.add(thread);
        }
        // Under load: a few batches accepted (and being stored) when the kill comes.
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= 500);
        long killedPid = system.query().pid();
        long killedAt = System.nanoTime();
        system.query().kill();

        // One probe per partition of apilogs.events, posted right after the kill.
        List<String> probes = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String conversation = conversationOnPartition(partition);
            String eventId = "probe-" + partition + "-" + UUID.randomUUID();
            Posts.untilAccepted(system.ingest().baseUrl(), ws.ingestKey(), "{\"events\":[" + Texts.llmCall(eventId, conversation, "probe") + "]}",
                    Duration.ofMinutes(1));
            probes.add(eventId);
        }
        double storingAgain = awaitStored(probes, killedAt, Duration.ofSeconds(90));
        System.out.printf("supervision: query-service (pid %d) killed; storing again on all %d partitions after %.1f s (target 15 s)%n",
                killedPid, PARTITIONS, storingAgain);
        assertThat(storingAgain).as("stored again on every partition").isGreaterThan(0);
        assertThat(system.query().pid()).isNotEqualTo(killedPid);

        // The load goes on against the restarted service for a while before it stops.
        long before = accepted.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= before + 500);
        loading.set(false);
        for (Thread thread : clients) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        long expected = accepted.get() + PARTITIONS;
        StoredCounts stored = StoredCounts.awaitAll(system, ws.id(), expected, Duration.ofMinutes(2));
        assertThat(stored.rows()).as("every accepted event stored").isEqualTo(expected);
        assertThat(stored.distinctEvents()).as("none stored twice").isEqualTo(expected);
        assertThat(system.restarts()).isEqualTo(1);
        assertThat(supervisorLines).singleElement().asString()
                .contains("query-service exited unexpectedly").contains("restarting it");
    }

    /** A conversation of this workspace whose events Kafka's default partitioner puts on {@code partition}. */
    private static String conversationOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String conversation = "probe-conv-" + i;
            byte[] key = Topics.eventKey(ws.id(), conversation).getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
                return conversation;
            }
        }
    }

    /** Seconds from {@code start} (System.nanoTime) until every event is stored, or -1 after {@code atMost}. */
    private static double awaitStored(List<String> eventIds, long start, Duration atMost) throws Exception {
        Map<String, String> env = system.stack().serviceEnvironment();
        try (Connection connection = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
             PreparedStatement statement = connection.prepareStatement(
                     "select count(*) from llm_calls where workspace_id = ? and event_id = any(?)")) {
            statement.setString(1, ws.id());
            statement.setArray(2, connection.createArrayOf("text", eventIds.toArray()));
            await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) == eventIds.size();
                }
            });
            return (System.nanoTime() - start) / 1e9;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return -1;
        }
    }
}
