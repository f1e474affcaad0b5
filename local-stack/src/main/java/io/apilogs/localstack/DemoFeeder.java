package io.apilogs.localstack;

import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.ClientListener;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps the UI alive with realistic traffic: several assistants and models, agent loops of tool-using calls,
 * thinking, cached prompts, an occasional provider error, and some long conversations. About one event a second, so
 * today reads as one more day beside the 30 of {@link DemoHistory}, not as a spike.
 */
public final class DemoFeeder implements Runnable {
    private static final System.Logger LOG = System.getLogger(DemoFeeder.class.getName());

    /** The demo traffic goes through the Java client, as an assistant's would: buffered, batched, retried. */
    private final ApiLogsClient client;
    private final List<DemoEvents.Conversation> active = new ArrayList<>();
    private final DemoEvents events = new DemoEvents(ThreadLocalRandom.current(), DemoEvents.LIVE);
    private volatile boolean running = true;

    public DemoFeeder(String ingestUrl, String ingestKey) {
        this.client = ApiLogsClient.builder(ingestUrl, ingestKey).shutdownHook(false).flushInterval(Duration.ofMillis(500))
                .closeTimeout(Duration.ofSeconds(5)).listener(new ClientListener() {
                    @Override
                    public void refused(List<String> eventIds, int status, String detail) {
                        LOG.log(System.Logger.Level.WARNING, "demo events refused (" + status + "): " + detail);
                    }

                    @Override
                    public void dropped(List<String> eventIds, String why) {
                        LOG.log(System.Logger.Level.WARNING, eventIds.size() + " demo events dropped: " + why);
                    }
                }).build();
    }

    public Thread start() {
        Thread thread = new Thread(this, "apilogs-demo-feeder");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public void stop() {
        running = false;
        client.close();
    }

    @Override
    public void run() {
        while (running) {
            try {
                post(nextEvent());
                Thread.sleep(ThreadLocalRandom.current().nextLong(500, 1500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "demo event not posted: " + e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ObjectNode nextEvent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        active.removeIf(c -> c.step >= c.length && c.pending.isEmpty());
        if (active.size() < 4) {
            int length = random.nextInt(10) == 0 ? random.nextInt(60, 150) : random.nextInt(2, 12);
            active.add(events.open(Instant.now(), length));
        }
        DemoEvents.Conversation next = active.get(random.nextInt(active.size()));
        if (!next.pending.isEmpty()) {
            return next.pending.poll();
        }
        if (next.step == 0 && random.nextInt(3) == 0) {
            next.pending.add(DemoEvents.conversationEvent(next));
        }
        return events.llmCall(next);
    }

    private void post(ObjectNode event) {
        client.log(event);
    }
}
