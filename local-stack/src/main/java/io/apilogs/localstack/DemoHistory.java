package io.apilogs.localstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.ClientStats;
import io.apilogs.client.Overflow;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * 60 days of plausible traffic for the demo workspace (issue 27, which asks for 30: the dashboard compares its default 30 days
 * with the 30 before), so a newcomer's analytics show trends rather than one
 * spike today: a weekday rhythm (weekends at a third, nights quiet), cached prompts, and four things to find, all in
 * UTC days before today:
 * <ul>
 *   <li>a price change: the workspace's own price for claude-sonnet-4-5, 10% above the list price, from 12 days ago
 *       ({@link #PRICE_MODEL}, {@link #price});</li>
 *   <li>a model switch: Support Bot moves from gpt-4o to the faster gpt-4.1 10 days ago;</li>
 *   <li>an error burst: 8 days ago (the Monday after, if that is a weekend), 13:00-16:00 UTC, 40% of Anthropic
 *       calls fail;</li>
 *   <li>a day close to a rate limit: 5 days ago (or the Monday after), 09:00-18:00 UTC, claude-sonnet-4-5 runs with 1-15% of its requests
 *       left, and some calls get 429s.</li>
 * </ul>
 */
final class DemoHistory implements DemoEvents.Shape {
    /** Two periods of the dashboard's default 30 days, so its comparison with the previous period has one to compare with. */
    static final int DAYS = 60;
    static final String PRICE_MODEL = "claude-sonnet-4-5";
    static final String LIMITED_MODEL = "claude-sonnet-4-5";

    /** Median duration per model, ms (durations are log-normal around it). */
    private static final Map<String, Long> MEDIAN_MS = Map.of("claude-haiku-4-5", 1100L, "claude-sonnet-4-5", 3200L,
            "claude-opus-4-1", 7000L, "gpt-4o", 3600L, "gpt-4.1", 2100L, "gpt-4.1-mini", 1200L);
    /** Relative traffic per UTC hour. */
    private static final double[] HOURS = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};

    final LocalDate today;
    final LocalDate priceDay;
    final LocalDate switchDay;
    final LocalDate burstDay;
    final LocalDate limitDay;

    DemoHistory(Instant now) {
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.priceDay = today.minusDays(12);
        this.switchDay = today.minusDays(10);
        this.burstDay = weekday(today.minusDays(8));
        this.limitDay = weekday(today.minusDays(5));
    }

    /** Every event of the {@link #DAYS} days before today, conversation by conversation. */
    List<ObjectNode> events(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DemoEvents demo = new DemoEvents(random, this);
        double weights = 0;
        for (double w : HOURS) {
            weights += w;
        }
        List<ObjectNode> events = new ArrayList<>();
        for (int back = DAYS; back >= 1; back--) {
            LocalDate day = today.minusDays(back);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            int conversations = (int) Math.round((weekend ? 70 : 200) * random.nextDouble(0.85, 1.15));
            for (int i = 0; i < conversations; i++) {
                int hour = hour(random.nextDouble() * weights);
                Instant at = day.atTime(hour, random.nextInt(60), random.nextInt(60)).toInstant(ZoneOffset.UTC);
                int length = random.nextInt(10) == 0 ? random.nextInt(10, 25) : random.nextInt(1, 7);
                DemoEvents.Conversation conversation = demo.open(at, length);
                if (random.nextInt(3) == 0) {
                    events.add(DemoEvents.conversationEvent(conversation));
                }
                while (conversation.step < conversation.length) {
                    events.add(demo.llmCall(conversation));
                    events.addAll(conversation.pending);
                    conversation.pending.clear();
                }
            }
        }
        return events;
    }

    /**
     * Seeds the history once per data directory ({@code demo-history.json} marks it done): sets the workspace price, then
     * posts the events through the Java client, as an assistant would, and waits until ingest has taken them all.
     */
    static void seedOnce(Path dataDir, String queryUrl, String ingestUrl, String ingestKey, String adminKey) throws Exception {
        Path marker = dataDir.resolve("demo-history.json");
        if (Files.exists(marker)) {
            return;
        }
        long started = System.nanoTime();
        DemoHistory history = new DemoHistory(Instant.now());
        HttpResponse<String> priced = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(queryUrl + "/v1/admin/prices/" + PRICE_MODEL))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(history.price().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (priced.statusCode() != 200) {
            throw new IllegalStateException("the demo's workspace price was refused (" + priced.statusCode() + "): " + priced.body());
        }
        List<ObjectNode> events = history.events(System.nanoTime());
        System.out.println("  demo history: posting " + events.size() + " events of the last " + DAYS + " days ...");
        ClientStats stats;
        try (ApiLogsClient client = ApiLogsClient.builder(ingestUrl, ingestKey).shutdownHook(false)
                .overflow(Overflow.BLOCK).batchSize(500).bufferSize(5_000)
                .closeTimeout(Duration.ofMinutes(2)).build()) {
            events.forEach(client::log);
            client.flush(Duration.ofMinutes(5));
            stats = client.stats();
        }
        if (stats.acknowledged() != events.size()) {
            throw new IllegalStateException("the demo history was not all taken: " + stats);
        }
        Files.writeString(marker, "{\"events\":" + events.size() + ",\"at\":\"" + Instant.now() + "\"}\n");
        System.out.printf("  demo history: %d events posted in %.1f s (a price change on %s, a model switch on %s, an error burst"
                + " on %s, a day near a rate limit on %s)%n", events.size(), (System.nanoTime() - started) / 1e9, history.priceDay,
                history.switchDay, history.burstDay, history.limitDay);
    }

    private static int hour(double pick) {
        for (int h = 0; h < HOURS.length; h++) {
            pick -= HOURS[h];
            if (pick < 0) {
                return h;
            }
        }
        return HOURS.length - 1;
    }

    /** The workspace's price for {@link #PRICE_MODEL} from {@link #priceDay}: the body of {@code PUT /v1/admin/prices/{model}}. */
    ObjectNode price() {
        ObjectNode body = DemoEvents.JSON.createObjectNode();
        body.put("effectiveFrom", priceDay.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        body.put("inputPerMTok", new BigDecimal("3.30"));
        body.put("outputPerMTok", new BigDecimal("16.50"));
        body.put("cacheReadPerMTok", new BigDecimal("0.33"));
        body.put("cacheWritePerMTok", new BigDecimal("4.125"));
        body.put("cacheWrite1hPerMTok", new BigDecimal("6.60"));
        return body;
    }

    @Override
    public String model(DemoEvents.Assistant assistant, Instant at) {
        if (assistant.id().equals("support-bot") && day(at).isBefore(switchDay)) {
            return "gpt-4o";
        }
        return assistant.model();
    }

    @Override
    public long durationMs(String model, Instant at, RandomGenerator random) {
        long median = MEDIAN_MS.getOrDefault(model, 2500L);
        return Math.max(150, Math.round(median * Math.exp(0.45 * random.nextGaussian())));
    }

    @Override
    public boolean fails(String model, Instant at, RandomGenerator random) {
        if (model.startsWith("claude") && inHours(at, burstDay, 13, 16)) {
            return random.nextInt(5) < 2;
        }
        if (model.equals(LIMITED_MODEL) && inHours(at, limitDay, 9, 18)) {
            return random.nextInt(12) == 0;
        }
        return random.nextInt(60) == 0;
    }

    @Override
    public double requestsLeft(String model, Instant at, RandomGenerator random) {
        if (model.equals(LIMITED_MODEL) && inHours(at, limitDay, 9, 18)) {
            return random.nextDouble(0.01, 0.15);
        }
        return random.nextDouble(0.6, 1.0);
    }

    /** The day, or the Monday after it when it falls on a weekend: a burst on a quiet Sunday would hardly show. */
    private static LocalDate weekday(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY ? day.plusDays(2) : day.getDayOfWeek() == DayOfWeek.SUNDAY ? day.plusDays(1) : day;
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static boolean inHours(Instant at, LocalDate day, int fromHour, int toHour) {
        int hour = at.atZone(ZoneOffset.UTC).getHour();
        return day(at).equals(day) && hour >= fromHour && hour < toHour;
    }
}
