package io.apilogs.query.messaging;

import io.apilogs.model.event.Event;
import io.apilogs.model.validation.AcceptWindow;
import io.apilogs.query.observe.WriterMetrics;
import io.apilogs.query.persistence.PoisonEventException;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.persistence.write.UsageRollups;
import io.apilogs.query.persistence.write.WriteOutcome;
import io.apilogs.query.service.RetentionJob;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The writer: consumes {@code apilogs.events} in batches and stores each batch in one transaction. Each of the
 * channel's consumers (one per partition by default) has its own batch in flight. The batch is
 * acknowledged (so its offsets may be committed) only after the database commit and after any dead letters are
 * acknowledged. While PostgreSQL is unreachable the batch is retried with backoff, never skipped; the connector
 * pauses the consumer meanwhile.
 */
@ApplicationScoped
public class EventsConsumer {
    public static final String CHANNEL = "events";

    private final EventWriter writer;
    private final DeadLetters deadLetters;
    private final WriterMetrics metrics;
    private final RetentionJob retention;

    private final long chunkBytes;
    private final AcceptWindow window;

    public EventsConsumer(EventWriter writer, DeadLetters deadLetters, WriterMetrics metrics, RetentionJob retention,
                          io.apilogs.query.config.QueryConfig config) {
        this.chunkBytes = config.writer().chunkBytes();
        // Ingest checked against its clock as it published; the record's time is a moment later.
        this.window = new AcceptWindow(Duration.ofDays(config.accept().pastDays()), config.accept().future()).widened(Duration.ofHours(1));
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retention = retention;
    }

    /**
     * Finds the events the database refuses for their content, so that one bad event goes to the dead-letter topic
     * instead of blocking its partition. Any other failure (the database is down) fails the whole batch for a retry;
     * events already stored are then duplicates that {@code processed_events} skips.
     */
    private Uni<WriteOutcome> writeOneByOne(List<Event> events, int shard) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> writer.write(List.of(event), shard)
                        .onFailure(EventsConsumer::isPoison).recoverWithItem(e -> new WriteOutcome(0, 0,
                                List.of(new WriteOutcome.Rejected(event, "the event cannot be stored: " + e.getMessage())))))
                .collect().asList()
                .map(outcomes -> outcomes.stream().reduce(WriteOutcome.empty(), WriteOutcome::plus));
    }

    /**
     * Errors caused by the event itself, which no retry can cure: the database's data exceptions, integrity
     * violations and program limits (SQL states 22, 23, 54), and {@link PoisonEventException}. Everything else is
     * retried: the database is down, a connection broke, and also a bug in the writer (a NullPointerException, say),
     * which must stop the partition rather than send good events to the dead-letter topic.
     */
    static boolean isPoison(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
        }
        return e instanceof PoisonEventException;
    }

    /**
     * The usage roll-up shard of a batch: its first partition, modulo {@link UsageRollups#SHARDS}. Each partition has
     * one consumer at a time, so the batches written at the same moment (up to 16 partitions) never share a row.
     */
    static int shard(ConsumerRecords<String, byte[]> records) {
        for (org.apache.kafka.common.TopicPartition partition : records.partitions()) {
            return Math.floorMod(partition.partition(), UsageRollups.SHARDS);
        }
        return 0;
    }

    /** Where a batch sits in the log, for log lines: topic-partition and the offsets, e.g. {@code apilogs.events-3@120..619}. */
    static String positions(ConsumerRecords<String, byte[]> records) {
        StringBuilder out = new StringBuilder();
        for (org.apache.kafka.common.TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> of = records.records(partition);
            if (of.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(partition.topic()).append('-').append(partition.partition()).append('@')
                    .append(of.get(0).offset()).append("..").append(of.get(of.size() - 1).offset());
        }
        return out.toString();
    }

    /** The batches being written: one per consumer (see {@code APILOGS_WRITER_CONCURRENCY}). */
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * On shutdown the batches being written finish before the database pool closes; later batches are refused, so
     * their offsets stay uncommitted and they are consumed again after the restart.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warnf("the batches in flight did not finish before shutdown: %s", e.toString());
        }
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        if (stopping) {
            return Uni.createFrom().failure(new IllegalStateException("shutting down; the batch will be consumed again after the restart"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.add(done);
        return store(records).onTermination().invoke(() -> {
            inFlight.remove(done);
            done.complete(null);
        });
    }

    /**
     * Stores a polled batch chunk by chunk ({@link Chunks}, at most {@code apilogs.writer.chunk-bytes} of records each),
     * each chunk in its own transaction; the batch is acknowledged once every chunk is stored. A restart in between
     * consumes the whole batch again, and the dedup guard skips what was stored.
     */
    private Uni<Void> store(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        int shard = shard(records);
        List<List<ConsumerRecord<String, byte[]>>> chunks = Chunks.byBytes(records, chunkBytes);
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> storeChunk(chunk, records, shard))
                .collect().asList().replaceWithVoid()
                .invoke(() -> Log.debugf("stored %s in %d chunks in %d ms", positions(records), chunks.size(),
                        (System.nanoTime() - start) / 1_000_000));
    }

    private Uni<Void> storeChunk(List<ConsumerRecord<String, byte[]>> chunk, ConsumerRecords<String, byte[]> records, int shard) {
        long start = System.nanoTime();
        Decoded decoded = Decoded.of(chunk, retention.boundary(java.time.Instant.now()), window);
        List<Event> events = decoded.events();
        return writer.write(events, shard)
                .onFailure(EventsConsumer::isPoison).recoverWithUni(e -> {
                    Log.warnf("a batch of %d events (%s) holds one that cannot be stored (%s); storing them one by one",
                            events.size(), positions(records), e.getClass().getName());
                    return writeOneByOne(events, shard);
                })
                .onFailure().invoke(e -> Log.warnf("storing a batch of %d events (%s) failed, retrying: %s", events.size(),
                        positions(records), e.getClass().getName()))
                .onFailure(e -> !stopping).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .chain(outcome -> {
                    List<DeadLetters.DeadLetter> letters = new ArrayList<>(decoded.undecodable());
                    letters.addAll(decoded.invalid());
                    letters.addAll(decoded.expired());
                    for (WriteOutcome.Rejected rejected : outcome.rejected()) {
                        letters.add(new DeadLetters.DeadLetter(decoded.origins().get(rejected.event()), rejected.reason()));
                    }
                    metrics.batch(chunk.size(), System.nanoTime() - start, outcome);
                    metrics.deadLetters(WriterMetrics.DeadLetterReason.UNDECODABLE, decoded.undecodable().size());
                    metrics.deadLetters(WriterMetrics.DeadLetterReason.INVALID, decoded.invalid().size());
                    metrics.deadLetters(WriterMetrics.DeadLetterReason.EXPIRED, decoded.expired().size());
                    metrics.deadLetters(WriterMetrics.DeadLetterReason.UNSTORABLE, outcome.rejected().size());
                    Log.debugf("stored %d events from %s (%d duplicates, %d dead letters)", outcome.stored(), positions(records),
                            outcome.duplicates(), letters.size());
                    return deadLetters.send(letters)
                            .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
                });
    }
}
