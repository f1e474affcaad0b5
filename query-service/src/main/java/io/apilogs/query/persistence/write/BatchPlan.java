package io.apilogs.query.persistence.write;

import io.apilogs.model.Hashing;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.ratelimit.Headroom;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a batch's accepted events add, worked out in memory before any statement runs: one delta per conversation,
 * the timeline items by kind, each call's cost and each system prompt's SHA-256 (a prompt may be up to 1 MiB, so it is
 * hashed once, for the call row and for the prompts table).
 */
final class BatchPlan {
    /** Sorted by workspace and conversation, so concurrent writers lock conversation rows in one order. */
    final Map<String, ConversationDelta> conversations = new TreeMap<>();
    final List<Event> accepted;
    final List<LlmCallEvent> calls = new ArrayList<>();
    final List<ToolExecutionEvent> tools = new ArrayList<>();
    final List<HttpRequestEvent> https = new ArrayList<>();
    final Map<LlmCallEvent, CostBreakdown> costs = new IdentityHashMap<>();
    final Map<LlmCallEvent, String> promptHashes = new IdentityHashMap<>();
    /** The calls whose rate-limit headers give a share left (analytics' headroom); the others are absent. */
    final Map<LlmCallEvent, Headroom> headroom = new IdentityHashMap<>();

    private BatchPlan(List<Event> accepted) {
        this.accepted = accepted;
    }

    static BatchPlan of(List<Event> accepted, Function<String, PriceTable> prices, CostCalculator calculator) {
        BatchPlan plan = new BatchPlan(accepted);
        for (Event event : accepted) {
            ConversationDelta delta = plan.conversations.computeIfAbsent(Values.key(event.workspaceId(), event.conversation().id()),
                    k -> new ConversationDelta(event.workspaceId(), event.conversation().id()));
            delta.seeMetadata(event);
            if (event instanceof ConversationEvent) {
                continue;
            }
            delta.addItem(event);
            if (event instanceof ToolExecutionEvent tool) {
                plan.tools.add(tool);
            } else if (event instanceof HttpRequestEvent http) {
                plan.https.add(http);
            } else if (event instanceof LlmCallEvent call) {
                plan.calls.add(call);
                CostBreakdown cost = calculator.cost(call, prices.apply(call.workspaceId()));
                plan.costs.put(call, cost);
                delta.addCost(cost.total());
                if (call.systemPrompt() != null) {
                    plan.promptHashes.put(call, Hashing.sha256Hex(call.systemPrompt()));
                }
                Headroom headroom = call.rateLimit() == null ? null : Headroom.of(call.rateLimit());
                if (headroom != null) {
                    plan.headroom.put(call, headroom);
                }
            }
        }
        return plan;
    }

    boolean isEmpty() {
        return accepted.isEmpty();
    }
}
