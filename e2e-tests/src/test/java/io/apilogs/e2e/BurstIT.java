package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory bounded by construction: the packaged services, with their default JVM options (the heap of
 * {@code ./apilogs up}), take bursts of large events as fast as this test can post them, store every accepted event
 * once, and neither throws an OutOfMemoryError nor exits (the supervisor of {@code ./apilogs up} watches them and
 * would restart a service that did). Rates are printed, not asserted.
 */
class BurstIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static final List<String> supervisorLines = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSystem() {
        assertThat(System.getenv("APILOGS_SERVICE_JAVA_OPTS")).as("this test runs the services' default JVM options").isNull();
        system = SharedSystem.start("burst");
        system.supervise(supervisorLines::add);
        ws = system.admin().createWorkspace("burst");
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void tenKilobyteEventsThenMegabyteEventsAreAllStoredOnceWithoutOutOfMemory() throws Exception {
        Load small = Load.run(system.ingest().baseUrl(), ws.ingestKey(), "10k", 3, Duration.ofSeconds(15), 200, 10_000, Integer.MAX_VALUE);
        System.out.printf("burst 10 KB: %s%n", small);
        // Texts just under the 1 MiB field limit, in batches just under the 5 MiB body limit.
        Load large = Load.run(system.ingest().baseUrl(), ws.ingestKey(), "1m", 3, Duration.ofMinutes(10), 4, 1_000_000, 5);
        System.out.printf("burst 1 MiB: %s%n", large);

        long expected = small.accepted() + large.accepted();
        assertThat(small.accepted()).isGreaterThan(1000);
        assertThat(large.accepted()).isEqualTo(3 * 5 * 4);
        StoredCounts stored = StoredCounts.awaitAll(system, ws.id(), expected, Duration.ofMinutes(5));
        System.out.printf("burst: %,d events stored %.1f s after the load ended%n", stored.rows(), stored.waitedSeconds());
        assertThat(stored.rows()).as("every accepted event stored").isEqualTo(expected);
        assertThat(stored.distinctEvents()).as("none stored twice").isEqualTo(expected);

        assertThat(supervisorLines).as("no service exited").isEmpty();
        assertThat(system.restarts()).isZero();
        for (var service : List.of(system.query(), system.ingest())) {
            assertThat(Files.readString(service.log())).as(service.name() + "'s log").doesNotContain("OutOfMemoryError");
        }
    }

    /** Clients posting batches of llm_call events, each with one message of {@code textBytes}, retrying 429/503 alike. */
    record Load(long accepted, long retries, double seconds, long bytes) {
        static Load run(String ingest, String key, String tag, int clients, Duration duration, int batch, int textBytes,
                        int maxBatchesPerClient) throws InterruptedException {
            AtomicLong accepted = new AtomicLong();
            AtomicLong retries = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            String text = Texts.of(textBytes);
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    try {
                        for (int b = 0; b < maxBatchesPerClient && System.nanoTime() < deadline; b++) {
                            StringBuilder body = new StringBuilder("{\"events\":[");
                            for (int i = 0; i < batch; i++) {
                                body.append(i == 0 ? "" : ",").append(Texts.llmCall("burst-" + tag + "-" + UUID.randomUUID(),
                                        "burst-" + tag + "-" + client + "-" + (b * batch + i) % 40, text));
                            }
                            String json = body.append("]}").toString();
                            retries.addAndGet(Posts.untilAccepted(ingest, key, json, Duration.ofMinutes(2)));
                            accepted.addAndGet(batch);
                            bytes.addAndGet(json.length());
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "burst-" + tag + "-" + c);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            return new Load(accepted.get(), retries.get(), (System.nanoTime() - start) / 1e9, bytes.get());
        }

        @Override
        public String toString() {
            return String.format("%,d events accepted in %.1f s = %,.0f events/s, %.1f MB/s (%,d retries after 429/503)", accepted,
                    seconds, accepted / seconds, bytes / seconds / 1e6, retries);
        }
    }
}
