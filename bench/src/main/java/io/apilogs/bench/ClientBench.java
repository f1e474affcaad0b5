package io.apilogs.bench;

import com.sun.net.httpserver.HttpServer;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.ClientStats;
import io.apilogs.client.LlmCall;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code ./apilogs bench client [events]}: what logging costs the assistant. The client logs {@code events} realistic
 * LLM calls (built with {@link LlmCall}) to a local endpoint that answers 202 at once, so the figures are the client's
 * own: CPU time and bytes allocated on the caller's thread per {@code log()} (building the event included), and the
 * client's sending thread's CPU per event. The buffer blocks when full here (so every event is sent and counted);
 * the caller's wall time per log() then shows the sender's pace, its CPU does not. Printed, never asserted.
 */
public final class ClientBench {
    private ClientBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"accepted\":0,\"rejected\":0,\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String text = "x".repeat(2000);
        try (ApiLogsClient logs = ApiLogsClient.builder("http://127.0.0.1:" + server.getAddress().getPort(), "al_ingest_bench")
                .shutdownHook(false).batchSize(500).bufferSize(50_000).overflow(io.apilogs.client.Overflow.BLOCK).build()) {
            // Warm-up, so the JIT has compiled the path before it is measured.
            for (int i = 0; i < 20_000; i++) {
                logs.log(call(i, text));
            }
            logs.flush(Duration.ofMinutes(1));
            Thread sender = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("apilogs-client"))
                    .findFirst().orElseThrow();
            long self = Thread.currentThread().getId();
            long senderCpu0 = threads.getThreadCpuTime(sender.getId());
            long cpu0 = threads.getThreadCpuTime(self);
            long bytes0 = threads.getThreadAllocatedBytes(self);
            long wall0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                logs.log(call(i, text));
            }
            long cpu = threads.getThreadCpuTime(self) - cpu0;
            long bytes = threads.getThreadAllocatedBytes(self) - bytes0;
            long wall = System.nanoTime() - wall0;
            logs.flush(Duration.ofMinutes(5));
            long senderCpu = threads.getThreadCpuTime(sender.getId()) - senderCpu0;
            ClientStats stats = logs.stats();
            System.out.printf("%n== client bench: %,d llm_call events (~4 KB each: a 2,000-character message and response), batches of 500, endpoint answering 202 ==%n", events);
            System.out.printf("  caller thread   %.2f µs CPU and %,d bytes allocated per log() (event built with LlmCall included); %.2f µs wall%n",
                    cpu / 1e3 / events, bytes / events, wall / 1e3 / events);
            System.out.printf("  sending thread  %.2f µs CPU per event (JSON writing, HTTP)%n", senderCpu / 1e3 / events);
            System.out.printf("  stats           logged %,d, acknowledged %,d, dropped %,d, refused %,d, retries %,d%n",
                    stats.logged(), stats.acknowledged(), stats.dropped(), stats.refused(), stats.retries());
        } finally {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode call(int i, String text) {
        return LlmCall.of("bench-conv-" + (i % 100), "bench-bot", "gpt-4o").systemPrompt("You are terse.")
                .message("user", text).response(text).usage(1200, 300).event();
    }
}
