package io.apilogs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeds a workspace straight into PostgreSQL with COPY: conversations with their roll-ups, calls (hot rows,
 * call keys, processed events), a sample of bodies, and tool executions and HTTP requests ({@link ItemSeed}). The
 * secondary indexes are dropped first and built after the COPY ({@link SeedIndexes}). Deterministic for a given seed.
 */
final class Seeder {
    static final List<String> MODELS = List.of("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "claude-opus-4-5",
            "claude-sonnet-4", "claude-3-7-sonnet", "claude-3-5-haiku", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini",
            "gpt-4.1-nano", "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4o-2024-05-13", "claude-opus-4",
            "local-llama");
    /** The roll-up columns the seeder fills; the shard keeps its default, 0, as after the writers' shards are folded. */
    private static final String ROLLUP_COLUMNS = "workspace_id, hour, %s, calls, input_tokens, output_tokens, cache_read_tokens,"
            + " cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors, max_duration_ms, duration_hist, rate_limited,"
            + " cache_savings_usd, min_requests_share, min_tokens_share, low_headroom_calls";
    static final String LONG_CONVERSATION = "bench-long";
    static final int LONG_CONVERSATION_CALLS = 1000;
    /** End users the seeded conversations are spread over. */
    static final int USERS = 5000;

    record Result(long conversations, long calls, long bodies, long toolExecutions, long httpRequests, Instant newest) {
    }

    /** Where the seeder connects. */
    record Db(String url, String user, String password) {
    }

    private final Db db;

    Seeder(String jdbcUrl, String user, String password) {
        this.db = new Db(jdbcUrl, user, password);
    }

    Result seed(String workspaceId, int conversations, int assistants, Instant newest, long seed) throws SQLException {
        return seed(workspaceId, conversations, assistants, newest, seed, 365);
    }

    /** The same over the last {@code days} days (the dashboard bench puts 10M calls in 90). */
    Result seed(String workspaceId, int conversations, int assistants, Instant newest, long seed, int days) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        Instant oldest = newest.minus(days, ChronoUnit.DAYS);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ensure = c.prepareStatement("select apilogs_ensure_month(?::timestamptz)")) {
            for (Instant month = oldest.minus(31, ChronoUnit.DAYS); month.isBefore(newest.plus(62, ChronoUnit.DAYS)); month = month.plus(28, ChronoUnit.DAYS)) {
                ensure.setString(1, month.toString());
                ensure.execute();
            }
            try (PreparedStatement a = c.prepareStatement("insert into assistants (workspace_id, assistant_id, name) values (?, ?, ?) on conflict do nothing")) {
                for (int i = 0; i < assistants; i++) {
                    a.setString(1, workspaceId);
                    a.setString(2, assistant(i));
                    a.setString(3, "Assistant " + i);
                    a.addBatch();
                }
                a.executeBatch();
            }
        }
        long calls = 0;
        long bodies = 0;
        long toolRows;
        long httpRows;
        List<String> indexes = SeedIndexes.drop(db);
        // The indexes are built again even when a COPY fails, so no later run reads a database without them.
        try {
            try (CopyStream conv = new CopyStream(db, "copy conversations (workspace_id, conversation_id, subject, subject_at, subject_event_id,"
                    + " assistant_id, assistant_at, assistant_event_id, call_count, error_count, input_tokens, output_tokens,"
                    + " cache_read_tokens, total_tokens, cost_usd, unpriced_call_count, first_at, last_at, models, last_seq, user_id,"
                    + " user_at, user_event_id, labels, tools, tool_count, http_count) from stdin");
                 CopyStream hot = new CopyStream(db, "copy llm_calls (workspace_id, call_id, event_id, conversation_id, seq, assistant_id, provider,"
                         + " model, started_at, duration_ms, input_tokens, output_tokens, cache_read_tokens, cost_usd, cost_input,"
                         + " cost_output, price_source, stop_reason, error, labels, label_values, cache_savings_usd, rl_requests_share,"
                         + " rl_tokens_share) from stdin");
                 CopyStream keys = new CopyStream(db, "copy call_keys (workspace_id, call_id, event_id, conversation_id, started_at) from stdin");
                 CopyStream processed = new CopyStream(db, "copy processed_events (workspace_id, event_id, kind, conversation_id, started_at) from stdin");
                 CopyStream body = new CopyStream(db, "copy llm_call_bodies (workspace_id, call_id, started_at, messages, response_text) from stdin");
                 CopyStream tools = new CopyStream(db, "copy tool_executions (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,"
                         + " duration_ms, tool_call_id, call_id, tool_name, error, labels, label_values) from stdin");
                 CopyStream http = new CopyStream(db, "copy http_requests (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,"
                         + " duration_ms, plugin, tool_call_id, method, url, status_code, error, request_body_bytes, response_body_bytes, labels,"
                         + " label_values) from stdin")) {
                ItemSeed items = new ItemSeed(workspaceId, tools, http, processed, seed + 1);
                long spanMillis = newest.toEpochMilli() - oldest.toEpochMilli();
                for (int i = 0; i <= conversations; i++) {
                    boolean longOne = i == conversations;
                    String conversationId = longOne ? LONG_CONVERSATION : String.format("conv-%07d", i);
                    int n = longOne ? LONG_CONVERSATION_CALLS : 1 + random.nextInt(19);
                    int assistant = random.nextInt(assistants);
                    String model = MODELS.get(random.nextInt(MODELS.size()));
                    String secondModel = random.nextInt(4) == 0 ? MODELS.get(random.nextInt(MODELS.size())) : model;
                    long start = longOne ? newest.toEpochMilli() - 3_600_000L : oldest.toEpochMilli() + (long) (random.nextDouble() * (spanMillis - 3_600_000L));
                    long t = start;
                    long last = start;
                    long inputSum = 0;
                    long outputSum = 0;
                    long cacheSum = 0;
                    long costNanos = 0;
                    long unpriced = 0;
                    long errors = 0;
                    // Issue 25's values: an end user per conversation (USERS of them), every tenth a "refund" tag, a plan.
                    String user = longOne ? "cust-0000" : String.format("cust-%04d", random.nextInt(USERS));
                    boolean refund = i % 10 == 0;
                    String plan = random.nextInt(4) == 0 ? "pro" : "free";
                    String labels = "{\"user\":{\"id\":\"" + user + "\"},\"tags\":[" + (refund ? "\"refund\"" : "") + "],\"metadata\":{\"plan\":\""
                            + plan + "\"}}";
                    String values = "u:" + user + (refund ? ",t:refund" : "") + ",m:plan=" + plan;
                    java.util.TreeSet<String> conversationValues = new java.util.TreeSet<>(List.of(values.split(",")));
                    items.startConversation();
                    for (int k = 1; k <= n; k++) {
                        String m = k % 2 == 0 ? secondModel : model;
                        String callId = conversationId + "-" + k;
                        long duration = 300 + random.nextInt(6000);
                        long input = 500 + random.nextInt(20_000);
                        long output = 20 + random.nextInt(1500);
                        long cache = random.nextInt(3) == 0 ? 0 : input / 2;
                        boolean priced = !m.equals("local-llama");
                        long inNanos = input * 2500;     // 2.50 USD per MTok, in nano-dollars per token
                        long outNanos = output * 10_000; // 10 USD per MTok
                        String ts = timestamp(t);
                        StringBuilder r = hot.row();
                        r.append(workspaceId).append('\t').append(callId).append('\t').append(callId).append('\t').append(conversationId)
                                .append('\t').append(k).append('\t').append(assistant(assistant)).append('\t')
                                .append(m.startsWith("claude") ? "anthropic" : "openai").append('\t').append(m).append('\t').append(ts)
                                .append('\t').append(duration).append('\t').append(input).append('\t').append(output).append('\t').append(cache)
                                .append('\t');
                        if (priced) {
                            r.append(usd(inNanos + outNanos)).append('\t').append(usd(inNanos)).append('\t').append(usd(outNanos)).append("\tdefault");
                            costNanos += inNanos + outNanos;
                        } else {
                            r.append("\\N\t\\N\t\\N\tunknown-model");
                            unpriced++;
                        }
                        // One call in 50 failed with a provider 429.
                        boolean failed = !longOne && random.nextInt(50) == 0;
                        String stop = k == n ? "end_turn" : "tool_use";
                        String callValues = values + (failed ? ",e:rate_limit_error,h:429" : ",s:" + stop);
                        conversationValues.addAll(List.of(callValues.split(",")));
                        if (failed) {
                            errors++;
                        }
                        r.append('\t').append(failed ? "\\N" : stop).append('\t')
                                .append(failed ? "{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\",\"httpStatus\":429}" : "\\N")
                                .append('\t').append(labels).append("\t{").append(callValues).append('}');
                        // Issue 27's columns, from the call id's hash so the seeded rows stay as before: what the cached half
                        // saved (2.25 USD per MTok), and for Anthropic's models the shares of requests and tokens left.
                        int h = callId.hashCode();
                        r.append('\t').append(priced && cache > 0 ? usd(cache * 2250) : "\\N");
                        if (m.startsWith("claude")) {
                            r.append('\t').append(((h & 0xffff) + 1) / 65536.0).append('\t').append((((h >>> 16) & 0xffff) + 1) / 65536.0);
                        } else {
                            r.append("\t\\N\t\\N");
                        }
                        hot.endRow();
                        keys.row().append(workspaceId).append('\t').append(callId).append('\t').append(callId).append('\t')
                                .append(conversationId).append('\t').append(ts);
                        keys.endRow();
                        processed.row().append(workspaceId).append('\t').append(callId).append("\tllm_call\t").append(conversationId)
                                .append('\t').append(ts);
                        processed.endRow();
                        if (longOne || (calls % 100) == 0) {
                            body.row().append(workspaceId).append('\t').append(callId).append('\t').append(ts)
                                    .append("\t[{\"role\":\"user\",\"content\":\"Question ").append(k)
                                    .append(" about the quarterly numbers, with enough words to look like a real prompt.\"}]\t")
                                    .append("Here is the answer, in a few sentences that resemble what a model writes back.");
                            body.endRow();
                            bodies++;
                        }
                        inputSum += input;
                        outputSum += output;
                        cacheSum += cache;
                        last = t + duration;
                        t = last + 200 + random.nextInt(5000);
                        if (!longOne && !failed && k < n) {
                            conversationValues.addAll(items.afterCall(conversationId, assistant(assistant), callId, n, last, t, labels, values));
                        }
                        calls++;
                    }
                    String models = model.equals(secondModel) || n == 1 ? "{" + model + "}"
                            : "{" + (model.compareTo(secondModel) < 0 ? model + "," + secondModel : secondModel + "," + model) + "}";
                    StringBuilder r = conv.row();
                    r.append(workspaceId).append('\t').append(conversationId).append("\tSubject ").append(i).append(" about topic ")
                            .append(random.nextInt(5000)).append('\t').append(timestamp(start)).append('\t').append(conversationId).append("-1\t")
                            .append(assistant(assistant)).append('\t').append(timestamp(start)).append('\t').append(conversationId).append("-1\t")
                            .append(n).append('\t').append(errors + items.errors()).append('\t').append(inputSum).append('\t').append(outputSum).append('\t').append(cacheSum).append('\t')
                            .append(inputSum + outputSum).append('\t').append(unpriced == n ? "\\N" : usd(costNanos)).append('\t')
                            .append(unpriced).append('\t').append(timestamp(start)).append('\t').append(timestamp(last)).append('\t')
                            .append(models).append('\t').append(n + items.items()).append('\t').append(user).append('\t').append(timestamp(start))
                            .append('\t').append(conversationId).append("-1\t{").append(String.join(",", conversationValues)).append("}\t").append(items.toolsArray())
                            .append('\t').append(items.toolCount()).append('\t').append(items.httpCount());
                    conv.endRow();
                }
                toolRows = tools.rows;
                httpRows = http.rows;
            }
        } finally {
            SeedIndexes.build(db, indexes);
        }
        buildRollups(workspaceId);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute("analyze");
        }
        return new Result(conversations + 1L, calls, bodies, toolRows, httpRows, newest);
    }

    /**
     * The hourly usage roll-ups that analytics reads, built from the seeded calls with the sums the writer adds per
     * batch; without them analytics would time an empty table. Returns the rows written by model and by assistant.
     */
    long[] buildRollups(String workspaceId) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement byModel = c.prepareStatement(rollup("usage_hourly_model", "model", "coalesce(model, '')"));
             PreparedStatement byAssistant = c.prepareStatement(rollup("usage_hourly_assistant", "assistant_id", "assistant_id"))) {
            for (PreparedStatement statement : List.of(byModel, byAssistant)) {
                statement.setString(1, workspaceId);
                statement.setString(2, workspaceId);
            }
            return new long[]{byModel.executeLargeUpdate(), byAssistant.executeLargeUpdate()};
        }
    }

    /** One roll-up table's rows of a workspace (both ? are its id), with failed calls and the durations' histogram (V16). */
    private static String rollup(String table, String keyColumn, String key) {
        return "insert into " + table + " (" + ROLLUP_COLUMNS.formatted(keyColumn) + ")"
                + " with sums as (select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, " + key + " as k, count(*) as calls,"
                + " coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,"
                + " coalesce(sum(cache_read_tokens), 0) as cache_read, coalesce(sum(cache_write_tokens), 0) as cache_write,"
                + " coalesce(sum(reasoning_tokens), 0) as reasoning, sum(cost_usd) as cost, count(*) filter (where cost_usd is null) as unpriced,"
                + " count(*) filter (where error is not null) as errors, max(duration_ms) as max_ms,"
                + " count(*) filter (where coalesce(error->>'httpStatus' = '429' or replace(lower(error->>'type'), '_', '') like '%ratelimit%',"
                + " false)) as rate_limited, sum(cache_savings_usd) as savings, min(rl_requests_share) as min_requests,"
                + " min(rl_tokens_share) as min_tokens, count(*) filter (where least(rl_requests_share, rl_tokens_share) < 0.1) as low_headroom"
                + " from llm_calls where workspace_id = ? group by 1, 2, 3),"
                + " buckets as (select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, " + key + " as k,"
                + " apilogs_duration_bucket(duration_ms) as b, count(*) as n from llm_calls where workspace_id = ? and duration_ms is not null"
                + " group by 1, 2, 3, 4),"
                + " hists as (select workspace_id, hour, k, apilogs_hist_of(array_agg(b), array_agg(n)) as hist from buckets group by 1, 2, 3)"
                + " select s.workspace_id, s.hour, s.k, s.calls, s.input, s.output, s.cache_read, s.cache_write, s.reasoning, s.cost, s.unpriced,"
                + " s.errors, s.max_ms, h.hist, s.rate_limited, s.savings, s.min_requests, s.min_tokens, s.low_headroom"
                + " from sums s left join hists h on h.workspace_id = s.workspace_id and h.hour = s.hour and h.k = s.k";
    }

    static String assistant(int i) {
        return String.format("assistant-%03d", i);
    }

    private static String usd(long nanos) {
        return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    static String timestamp(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), (int) Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        return t.toLocalDate() + " " + t.toLocalTime() + "+00";
    }
}
