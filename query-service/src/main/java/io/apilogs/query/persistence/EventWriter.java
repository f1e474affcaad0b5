package io.apilogs.query.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Hashing;
import io.apilogs.model.Json;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores a batch of canonical events in one transaction. {@code processed_events} makes it exactly-once under
 * at-least-once delivery; roll-ups are updated only from rows actually inserted; each new timeline item takes the
 * next {@code seq} of its conversation.
 */
@ApplicationScoped
public class EventWriter {
    private static final String MARK_PROCESSED = """
            insert into processed_events (workspace_id, event_id, kind, conversation_id, started_at)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
            on conflict do nothing
            returning workspace_id, event_id""";

    private static final String CLAIM_CALL_IDS = """
            insert into call_keys (workspace_id, call_id, event_id, conversation_id, started_at)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
            on conflict do nothing
            returning workspace_id, call_id""";

    private static final String UPSERT_CONVERSATIONS = """
            insert into conversations as c (workspace_id, conversation_id, subject, subject_at, subject_event_id,
                assistant_id, assistant_at, assistant_event_id, call_count, tool_count, http_count, error_count,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_tokens,
                cost_usd, unpriced_call_count, first_at, last_at, models, last_seq)
            select u.ws, u.conv, u.subject, u.subject_at, u.subject_event_id,
                u.assistant_id, u.assistant_at, u.assistant_event_id, u.calls, u.tools, u.https, u.errors,
                u.input, u.output, u.cache_read, u.cache_write, u.reasoning, u.input + u.output,
                u.cost::numeric, u.unpriced, u.first_at, u.last_at,
                array(select jsonb_array_elements_text(u.models::jsonb)), u.items
            from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[],
                        $8::text[], $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
                        $16::int8[], $17::int8[], $18::text[], $19::int8[], $20::timestamptz[], $21::timestamptz[],
                        $22::text[], $23::int8[])
                 as u(ws, conv, subject, subject_at, subject_event_id, assistant_id, assistant_at, assistant_event_id,
                      calls, tools, https, errors, input, output, cache_read, cache_write, reasoning, cost, unpriced,
                      first_at, last_at, models, items)
            on conflict (workspace_id, conversation_id) do update set
                subject = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject else c.subject end,
                subject_event_id = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject_event_id else c.subject_event_id end,
                subject_at = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject_at else c.subject_at end,
                assistant_id = case when (excluded.assistant_at, excluded.assistant_event_id) < (c.assistant_at, c.assistant_event_id)
                    then excluded.assistant_id else c.assistant_id end,
                assistant_event_id = case when (excluded.assistant_at, excluded.assistant_event_id) < (c.assistant_at, c.assistant_event_id)
                    then excluded.assistant_event_id else c.assistant_event_id end,
                assistant_at = least(c.assistant_at, excluded.assistant_at),
                call_count = c.call_count + excluded.call_count,
                tool_count = c.tool_count + excluded.tool_count,
                http_count = c.http_count + excluded.http_count,
                error_count = c.error_count + excluded.error_count,
                input_tokens = c.input_tokens + excluded.input_tokens,
                output_tokens = c.output_tokens + excluded.output_tokens,
                cache_read_tokens = c.cache_read_tokens + excluded.cache_read_tokens,
                cache_write_tokens = c.cache_write_tokens + excluded.cache_write_tokens,
                reasoning_tokens = c.reasoning_tokens + excluded.reasoning_tokens,
                total_tokens = c.total_tokens + excluded.total_tokens,
                cost_usd = case when excluded.cost_usd is null then c.cost_usd else coalesce(c.cost_usd, 0) + excluded.cost_usd end,
                unpriced_call_count = c.unpriced_call_count + excluded.unpriced_call_count,
                first_at = least(c.first_at, excluded.first_at),
                last_at = greatest(c.last_at, excluded.last_at),
                models = array(select distinct m from unnest(c.models || excluded.models) m order by m),
                last_seq = c.last_seq + excluded.last_seq,
                updated_at = now()
            returning workspace_id, conversation_id, last_seq""";

    private static final String INSERT_CALLS = """
            insert into llm_calls (workspace_id, call_id, event_id, conversation_id, seq, assistant_id, provider, model,
                started_at, duration_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                cache_write_1h_tokens, reasoning_tokens, cost_usd, cost_input, cost_cache_read, cost_cache_write,
                cost_output, price_source, stop_reason, tool_calls, error, prompt_sha256)
            select u.ws, u.call_id, u.event_id, u.conv, u.seq, u.assistant_id, u.provider, u.model,
                u.started_at, u.duration_ms, u.input, u.output, u.cache_read, u.cache_write,
                u.cache_write_1h, u.reasoning, u.cost::numeric, u.cost_input::numeric, u.cost_cache_read::numeric,
                u.cost_cache_write::numeric, u.cost_output::numeric, u.price_source, u.stop_reason,
                u.tool_calls::jsonb, u.error::jsonb, u.prompt_sha256
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[], $8::text[],
                        $9::timestamptz[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
                        $16::int8[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
                        $23::text[], $24::text[], $25::text[], $26::text[])
                 as u(ws, call_id, event_id, conv, seq, assistant_id, provider, model, started_at, duration_ms,
                      input, output, cache_read, cache_write, cache_write_1h, reasoning, cost, cost_input,
                      cost_cache_read, cost_cache_write, cost_output, price_source, stop_reason, tool_calls, error,
                      prompt_sha256)""";

    private static final String INSERT_BODIES = """
            insert into llm_call_bodies (workspace_id, call_id, started_at, messages, response_text, thinking, tool_calls, rate_limit)
            select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])""";

    private static final String INSERT_TOOLS = """
            insert into tool_executions (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,
                duration_ms, tool_call_id, call_id, tool_name, error)
            select u.ws, u.event_id, u.conv, u.seq, u.assistant_id, u.started_at, u.duration_ms, u.tool_call_id,
                u.call_id, u.tool_name, u.error::jsonb
            from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::timestamptz[], $7::int8[],
                        $8::text[], $9::text[], $10::text[], $11::text[])
                 as u(ws, event_id, conv, seq, assistant_id, started_at, duration_ms, tool_call_id, call_id, tool_name, error)""";

    private static final String INSERT_TOOL_BODIES = """
            insert into tool_execution_bodies (workspace_id, event_id, started_at, input, result)
            select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])""";

    private static final String INSERT_HTTP = """
            insert into http_requests (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,
                duration_ms, plugin, tool_call_id, method, url, status_code, error, request_body_bytes, response_body_bytes)
            select u.ws, u.event_id, u.conv, u.seq, u.assistant_id, u.started_at, u.duration_ms, u.plugin,
                u.tool_call_id, u.method, u.url, u.status_code::integer, u.error::jsonb, u.request_bytes, u.response_bytes
            from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::timestamptz[], $7::int8[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::int8[], $13::text[], $14::int8[], $15::int8[])
                 as u(ws, event_id, conv, seq, assistant_id, started_at, duration_ms, plugin, tool_call_id, method, url,
                      status_code, error, request_bytes, response_bytes)""";

    private static final String INSERT_HTTP_BODIES = """
            insert into http_request_bodies (workspace_id, event_id, started_at, request_headers, response_headers,
                request_body, response_body)
            select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])""";

    private static final String UPSERT_PROMPTS = """
            insert into prompts as p (workspace_id, sha256, text, first_seen_at, call_count)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int8[])
            on conflict (workspace_id, sha256) do update set
                call_count = p.call_count + excluded.call_count,
                first_seen_at = least(p.first_seen_at, excluded.first_seen_at)""";

    private static final String UPSERT_ASSISTANTS = """
            insert into assistants as a (workspace_id, assistant_id, name, name_at, name_event_id)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
            on conflict (workspace_id, assistant_id) do update set
                name = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name else a.name end,
                name_event_id = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_event_id else a.name_event_id end,
                name_at = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_at else a.name_at end""";

    private final Pool pool;
    private final WorkspacePrices workspacePrices;
    private final CostCalculator costCalculator = new CostCalculator();
    private final Set<YearMonth> ensuredMonths = ConcurrentHashMap.newKeySet();

    public EventWriter(Pool pool, WorkspacePrices workspacePrices) {
        this.pool = pool;
        this.workspacePrices = workspacePrices;
    }

    public Uni<WriteOutcome> write(List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new WriteOutcome(0, 0, List.of()));
        }
        return ensurePartitions(events)
                .chain(() -> pricesFor(events))
                .chain(prices -> pool.withTransaction(conn -> writeInTransaction(conn, events, prices)));
    }

    private Uni<Map<String, PriceTable>> pricesFor(List<Event> events) {
        Map<String, PriceTable> prices = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Event event : events) {
            String workspaceId = event.workspaceId();
            if (event instanceof LlmCallEvent && !prices.containsKey(workspaceId)) {
                prices.put(workspaceId, PriceTable.empty());
                chain = chain.chain(() -> workspacePrices.table(workspaceId).invoke(table -> prices.put(workspaceId, table)).replaceWithVoid());
            }
        }
        return chain.replaceWith(prices);
    }

    private Uni<Void> ensurePartitions(List<Event> events) {
        List<Instant> missing = new ArrayList<>();
        Set<YearMonth> seen = new HashSet<>();
        for (Event event : events) {
            YearMonth month = YearMonth.from(event.startedAt().atOffset(ZoneOffset.UTC));
            if (!ensuredMonths.contains(month) && seen.add(month)) {
                missing.add(event.startedAt());
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Instant at : missing) {
                chain = chain.chain(() -> conn.preparedQuery("select apilogs_ensure_month($1)")
                        .execute(Tuple.of(at.atOffset(ZoneOffset.UTC))).replaceWithVoid());
            }
            return chain;
        }).invoke(() -> seen.forEach(ensuredMonths::add));
    }

    private Uni<WriteOutcome> writeInTransaction(SqlConnection conn, List<Event> events, Map<String, PriceTable> prices) {
        SqlArrays<Event> processed = new SqlArrays<>(events).text(Event::workspaceId).text(Event::eventId)
                .text(e -> e.type().wireName()).text(e -> e.conversation().id()).time(Event::startedAt);
        return conn.preparedQuery(MARK_PROCESSED).execute(processed.tuple()).chain(rows -> {
            Set<String> fresh = keys(rows, "event_id");
            List<Event> firstCopies = new ArrayList<>();
            for (Event event : events) {
                // Removing the key keeps only the first copy of an eventId repeated within the batch.
                if (fresh.remove(event.workspaceId() + '\u0000' + event.eventId())) {
                    firstCopies.add(event);
                }
            }
            int duplicates = events.size() - firstCopies.size();
            return claimCallIds(conn, firstCopies).chain(claimed -> {
                List<WriteOutcome.Rejected> rejected = new ArrayList<>();
                List<Event> accepted = new ArrayList<>();
                for (Event event : firstCopies) {
                    if (event instanceof LlmCallEvent call && !claimed.remove(call.workspaceId() + '\u0000' + call.callId())) {
                        rejected.add(new WriteOutcome.Rejected(event, "callId " + call.callId() + " is already stored under another eventId"));
                    } else {
                        accepted.add(event);
                    }
                }
                return storeAccepted(conn, accepted, prices)
                        .chain(() -> unmarkRejected(conn, rejected))
                        .map(v -> new WriteOutcome(accepted.size(), duplicates, rejected));
            });
        });
    }

    private Uni<Set<String>> claimCallIds(SqlConnection conn, List<Event> events) {
        List<LlmCallEvent> calls = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof LlmCallEvent call) {
                calls.add(call);
            }
        }
        if (calls.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        Tuple tuple = new SqlArrays<>(calls).text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId)
                .text(LlmCallEvent::eventId).text(c -> c.conversation().id()).time(LlmCallEvent::startedAt).tuple();
        return conn.preparedQuery(CLAIM_CALL_IDS).execute(tuple).map(rows -> keys(rows, "call_id"));
    }

    private Uni<Void> storeAccepted(SqlConnection conn, List<Event> accepted, Map<String, PriceTable> prices) {
        if (accepted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, ConversationDelta> deltas = new LinkedHashMap<>();
        List<LlmCallEvent> calls = new ArrayList<>();
        List<ToolExecutionEvent> tools = new ArrayList<>();
        List<HttpRequestEvent> https = new ArrayList<>();
        Map<LlmCallEvent, CostBreakdown> costs = new IdentityHashMap<>();
        for (Event event : accepted) {
            ConversationDelta delta = deltas.computeIfAbsent(event.workspaceId() + '\u0000' + event.conversation().id(),
                    k -> new ConversationDelta(event.workspaceId(), event.conversation().id()));
            delta.seeMetadata(event);
            if (event instanceof ConversationEvent) {
                continue;
            }
            delta.addItem(event);
            if (event instanceof ToolExecutionEvent tool) {
                tools.add(tool);
            } else if (event instanceof HttpRequestEvent http) {
                https.add(http);
            } else if (event instanceof LlmCallEvent call) {
                calls.add(call);
                CostBreakdown cost = costCalculator.cost(call, prices.getOrDefault(call.workspaceId(), PriceTable.empty()));
                costs.put(call, cost);
                delta.addCost(cost.total());
            }
        }
        // A prompt may be up to 1 MiB: hash it once, for the call row and for the prompts table.
        Map<LlmCallEvent, String> promptHashes = new IdentityHashMap<>();
        for (LlmCallEvent call : calls) {
            if (call.systemPrompt() != null) {
                promptHashes.put(call, Hashing.sha256Hex(call.systemPrompt()));
            }
        }
        List<ConversationDelta> rows = new ArrayList<>(deltas.values());
        Tuple tuple = new SqlArrays<>(rows)
                .text(d -> d.workspaceId).text(d -> d.conversationId)
                .text(d -> d.subject).time(d -> d.subjectAt).text(d -> d.subjectEventId)
                .text(d -> d.assistantId).time(d -> d.assistantAt).text(d -> d.assistantEventId)
                .int8(d -> d.calls).int8(d -> d.tools).int8(d -> d.https).int8(d -> d.errors)
                .int8(d -> d.inputTokens).int8(d -> d.outputTokens).int8(d -> d.cacheReadTokens)
                .int8(d -> d.cacheWriteTokens).int8(d -> d.reasoningTokens)
                .text(d -> d.costUsd == null ? null : d.costUsd.toPlainString()).int8(d -> d.unpricedCalls)
                .time(d -> d.firstAt).time(d -> d.lastAt)
                .text(d -> json(d.models)).int8(d -> (long) d.items.size())
                .tuple();
        return conn.preparedQuery(UPSERT_CONVERSATIONS).execute(tuple).chain(returned -> {
            Map<Event, Long> seqs = new IdentityHashMap<>();
            for (Row row : returned) {
                ConversationDelta delta = deltas.get(row.getString("workspace_id") + '\u0000' + row.getString("conversation_id"));
                long next = row.getLong("last_seq") - delta.items.size() + 1;
                for (Event item : delta.items) {
                    seqs.put(item, next++);
                }
            }
            return insertCalls(conn, calls, seqs, costs, promptHashes)
                    .chain(() -> UsageRollups.add(conn, calls, costs))
                    .chain(() -> insertTools(conn, tools, seqs))
                    .chain(() -> insertHttp(conn, https, seqs));
        }).chain(() -> upsertPrompts(conn, calls, promptHashes)).chain(() -> upsertAssistants(conn, accepted))
                .chain(() -> notifyChanges(conn, deltas.values()));
    }

    private Uni<Void> insertCalls(SqlConnection conn, List<LlmCallEvent> calls, Map<Event, Long> seqs,
                                  Map<LlmCallEvent, CostBreakdown> costs, Map<LlmCallEvent, String> promptHashes) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple hot = new SqlArrays<>(calls)
                .text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId).text(LlmCallEvent::eventId)
                .text(c -> c.conversation().id()).int8(seqs::get).text(c -> c.assistant().id())
                .text(LlmCallEvent::provider).text(LlmCallEvent::model)
                .time(LlmCallEvent::startedAt).int8(LlmCallEvent::durationMs)
                .int8(c -> c.usage().inputTokens()).int8(c -> c.usage().outputTokens())
                .int8(c -> c.usage().cacheReadTokens()).int8(c -> c.usage().cacheWriteTokens())
                .int8(c -> c.usage().cacheWrite1hTokens()).int8(c -> c.usage().reasoningTokens())
                .text(c -> plain(costs.get(c).total())).text(c -> plain(costs.get(c).input()))
                .text(c -> plain(costs.get(c).cacheRead())).text(c -> plain(costs.get(c).cacheWrite()))
                .text(c -> plain(costs.get(c).output())).text(c -> costs.get(c).priceSource())
                .text(LlmCallEvent::stopReason).text(EventWriter::toolCallSummary)
                .text(c -> c.error() == null ? null : json(c.error()))
                .text(promptHashes::get)
                .tuple();
        Tuple bodies = new SqlArrays<>(calls)
                .text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId).time(LlmCallEvent::startedAt)
                .text(c -> json(c.messages())).text(c -> c.response().text()).text(c -> c.response().thinking())
                .text(c -> json(c.response().toolCalls()))
                .text(c -> c.rateLimit() == null ? null : json(c.rateLimit()))
                .tuple();
        return conn.preparedQuery(INSERT_CALLS).execute(hot)
                .chain(() -> conn.preparedQuery(INSERT_BODIES).execute(bodies))
                .replaceWithVoid();
    }

    /**
     * Rejected events are not marked processed: the dead letter is sent after this commit, so should the writer die
     * before the dead-letter topic acknowledges it, the redelivered event is rejected and dead-lettered again.
     */
    private Uni<Void> unmarkRejected(SqlConnection conn, List<WriteOutcome.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple tuple = new SqlArrays<>(rejected).text(r -> r.event().workspaceId()).text(r -> r.event().eventId()).tuple();
        return conn.preparedQuery("""
                delete from processed_events p using unnest($1::text[], $2::text[]) as r(ws, event_id)
                where p.workspace_id = r.ws and p.event_id = r.event_id""").execute(tuple).replaceWithVoid();
    }

    /**
     * Tells every query-service instance which conversations changed. NOTIFY is delivered at commit, so listeners
     * only ever read committed rows. Payloads stay under PostgreSQL's 8000-byte limit by splitting.
     */
    private Uni<Void> notifyChanges(SqlConnection conn, java.util.Collection<ConversationDelta> changed) {
        Map<String, List<String>> byWorkspace = new LinkedHashMap<>();
        for (ConversationDelta delta : changed) {
            byWorkspace.computeIfAbsent(delta.workspaceId, k -> new ArrayList<>()).add(delta.conversationId);
        }
        List<String> payloads = new ArrayList<>();
        byWorkspace.forEach((workspaceId, conversations) -> {
            List<String> chunk = new ArrayList<>();
            int size = 0;
            for (String conversationId : conversations) {
                if (size + conversationId.length() > 6000 && !chunk.isEmpty()) {
                    payloads.add(json(new Changes(workspaceId, chunk)));
                    chunk = new ArrayList<>();
                    size = 0;
                }
                chunk.add(conversationId);
                size += conversationId.length() + 3;
            }
            payloads.add(json(new Changes(workspaceId, chunk)));
        });
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String payload : payloads) {
            chain = chain.chain(() -> conn.preparedQuery("select count(*) from (select pg_notify($1, $2)) n")
                    .execute(Tuple.of(Changes.CHANNEL, payload)).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> insertTools(SqlConnection conn, List<ToolExecutionEvent> tools, Map<Event, Long> seqs) {
        if (tools.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple hot = new SqlArrays<>(tools)
                .text(ToolExecutionEvent::workspaceId).text(ToolExecutionEvent::eventId).text(t -> t.conversation().id())
                .int8(seqs::get).text(t -> t.assistant().id()).time(ToolExecutionEvent::startedAt)
                .int8(ToolExecutionEvent::durationMs).text(ToolExecutionEvent::toolCallId).text(ToolExecutionEvent::callId)
                .text(ToolExecutionEvent::toolName).text(t -> t.error() == null ? null : json(t.error()))
                .tuple();
        Tuple bodies = new SqlArrays<>(tools)
                .text(ToolExecutionEvent::workspaceId).text(ToolExecutionEvent::eventId).time(ToolExecutionEvent::startedAt)
                .text(t -> t.input() == null ? null : json(t.input())).text(t -> t.result() == null ? null : json(t.result()))
                .tuple();
        return conn.preparedQuery(INSERT_TOOLS).execute(hot)
                .chain(() -> conn.preparedQuery(INSERT_TOOL_BODIES).execute(bodies))
                .replaceWithVoid();
    }

    private Uni<Void> insertHttp(SqlConnection conn, List<HttpRequestEvent> https, Map<Event, Long> seqs) {
        if (https.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple hot = new SqlArrays<>(https)
                .text(HttpRequestEvent::workspaceId).text(HttpRequestEvent::eventId).text(h -> h.conversation().id())
                .int8(seqs::get).text(h -> h.assistant().id()).time(HttpRequestEvent::startedAt)
                .int8(HttpRequestEvent::durationMs).text(HttpRequestEvent::plugin).text(HttpRequestEvent::toolCallId)
                .text(HttpRequestEvent::method).text(HttpRequestEvent::url)
                .int8(h -> h.statusCode() == null ? null : h.statusCode().longValue())
                .text(h -> h.error() == null ? null : json(h.error()))
                .int8(HttpRequestEvent::requestBodyBytes).int8(HttpRequestEvent::responseBodyBytes)
                .tuple();
        Tuple bodies = new SqlArrays<>(https)
                .text(HttpRequestEvent::workspaceId).text(HttpRequestEvent::eventId).time(HttpRequestEvent::startedAt)
                .text(h -> h.requestHeaders() == null ? null : json(h.requestHeaders()))
                .text(h -> h.responseHeaders() == null ? null : json(h.responseHeaders()))
                .text(h -> h.requestBody() == null ? null : json(h.requestBody()))
                .text(h -> h.responseBody() == null ? null : json(h.responseBody()))
                .tuple();
        return conn.preparedQuery(INSERT_HTTP).execute(hot)
                .chain(() -> conn.preparedQuery(INSERT_HTTP_BODIES).execute(bodies))
                .replaceWithVoid();
    }

    private Uni<Void> upsertPrompts(SqlConnection conn, List<LlmCallEvent> calls, Map<LlmCallEvent, String> promptHashes) {
        record PromptUse(String workspaceId, String sha256, String text, Instant firstSeen, long count) {
        }
        Map<String, PromptUse> uses = new LinkedHashMap<>();
        for (LlmCallEvent call : calls) {
            if (call.systemPrompt() == null) {
                continue;
            }
            String sha = promptHashes.get(call);
            uses.merge(call.workspaceId() + '\u0000' + sha,
                    new PromptUse(call.workspaceId(), sha, call.systemPrompt(), call.startedAt(), 1),
                    (a, b) -> new PromptUse(a.workspaceId, a.sha256, a.text,
                            a.firstSeen.isBefore(b.firstSeen) ? a.firstSeen : b.firstSeen, a.count + b.count));
        }
        if (uses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple tuple = new SqlArrays<>(new ArrayList<>(uses.values()))
                .text(PromptUse::workspaceId).text(PromptUse::sha256).text(PromptUse::text)
                .time(PromptUse::firstSeen).int8(PromptUse::count).tuple();
        return conn.preparedQuery(UPSERT_PROMPTS).execute(tuple).replaceWithVoid();
    }

    private Uni<Void> upsertAssistants(SqlConnection conn, List<Event> events) {
        record AssistantName(String workspaceId, String assistantId, String name, Instant at, String eventId) {
        }
        Map<String, AssistantName> names = new LinkedHashMap<>();
        for (Event event : events) {
            String name = event.assistant().name();
            boolean named = name != null && !name.isBlank();
            AssistantName candidate = new AssistantName(event.workspaceId(), event.assistant().id(),
                    named ? name : null, named ? event.startedAt() : null, named ? event.eventId() : null);
            names.merge(event.workspaceId() + '\u0000' + event.assistant().id(), candidate, (a, b) -> {
                if (b.at == null) {
                    return a;
                }
                if (a.at == null) {
                    return b;
                }
                int byTime = b.at.compareTo(a.at);
                return byTime > 0 || (byTime == 0 && b.eventId.compareTo(a.eventId) > 0) ? b : a;
            });
        }
        Tuple tuple = new SqlArrays<>(new ArrayList<>(names.values()))
                .text(AssistantName::workspaceId).text(AssistantName::assistantId).text(AssistantName::name)
                .time(AssistantName::at).text(AssistantName::eventId).tuple();
        return conn.preparedQuery(UPSERT_ASSISTANTS).execute(tuple).replaceWithVoid();
    }

    /** The hot row keeps only ids and names of tool calls; inputs live with the bodies. */
    private static String toolCallSummary(LlmCallEvent call) {
        if (call.response().toolCalls().isEmpty()) {
            return null;
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (ToolCall toolCall : call.response().toolCalls()) {
            ObjectNode node = summary.addObject();
            node.put("id", toolCall.id());
            node.put("name", toolCall.name());
        }
        return summary.toString();
    }

    private static Set<String> keys(RowSet<Row> rows, String idColumn) {
        Set<String> keys = new HashSet<>();
        for (Row row : rows) {
            keys.add(row.getString("workspace_id") + '\u0000' + row.getString(idColumn));
        }
        return keys;
    }

    private static String plain(java.math.BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String json(Object value) {
        try {
            return Json.CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("a field of the event cannot be written as JSON", e);
        }
    }
}
