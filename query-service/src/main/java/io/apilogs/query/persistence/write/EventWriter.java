package io.apilogs.query.persistence.write;

import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.WorkspacePrices;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a batch of canonical events in one transaction, in three round trips after BEGIN (more when it holds
 * OpenTelemetry stand-ins, see {@link ConversationLinks}): the dedup claim, the
 * conversation roll-ups (which give each new item its {@code seq}), then every other statement at once, pipelined on
 * the connection. Rows other batches share (usage hours, prompts, assistants) come last, so their locks are held
 * only until the commit that follows; usage hours are sharded by the batch's Kafka partition, so concurrent batches
 * share none of them.
 */
@ApplicationScoped
public class EventWriter {
    private final Pool pool;
    private final WorkspacePrices workspacePrices;
    private final Partitions partitions;
    private final CostCalculator costCalculator = new CostCalculator();

    public EventWriter(Pool pool, WorkspacePrices workspacePrices, Partitions partitions) {
        this.pool = pool;
        this.workspacePrices = workspacePrices;
        this.partitions = partitions;
    }

    /** Stores a batch, adding its usage to roll-up shard 0. */
    public Uni<WriteOutcome> write(List<Event> events) {
        return write(events, 0);
    }

    /**
     * Stores a batch, adding its usage to the roll-up rows of {@code shard} (see {@link UsageRollups#SHARDS}):
     * batches written at the same time should use different shards, so they never wait on each other's rows.
     */
    public Uni<WriteOutcome> write(List<Event> events, int shard) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(WriteOutcome.empty());
        }
        return partitions.ensure(events)
                .chain(() -> pricesFor(events))
                .chain(prices -> pool.withTransaction(conn -> writeInTransaction(conn, events, prices, shard)));
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

    private Uni<WriteOutcome> writeInTransaction(SqlConnection conn, List<Event> batch, Map<String, PriceTable> prices, int shard) {
        return ConversationLinks.apply(conn, batch).chain(links -> writeLinked(conn, links, prices, shard));
    }

    private Uni<WriteOutcome> writeLinked(SqlConnection conn, ConversationLinks.Applied links, Map<String, PriceTable> prices, int shard) {
        List<Event> events = links.events();
        return Dedup.claim(conn, events).chain(dedup -> CallContents.join(conn, dedup.accepted(), shard)
                .chain(contents -> ToolCallLinks.link(conn, contents)).chain(joined -> {
            BatchPlan plan = BatchPlan.of(joined, ws -> prices.getOrDefault(ws, PriceTable.empty()), costCalculator);
            int[] newPrompts = {0};
            java.util.function.Supplier<WriteOutcome> outcome = () -> new WriteOutcome(dedup.accepted().size(), dedup.duplicates(),
                    dedup.rejected(), WriteOutcome.countTypes(dedup.accepted()), plan.promptHashes.size(), newPrompts[0]);
            if (plan.isEmpty()) {
                return Dedup.release(conn, dedup.rejected()).chain(() -> ChangeNotifier.notify(conn, links.moved())).replaceWith(outcome);
            }
            List<ConversationDelta> changed = new java.util.ArrayList<>(plan.conversations.values());
            changed.addAll(links.moved());
            return ConversationRollups.merge(conn, plan.conversations)
                    .chain(seqs -> Uni.join().all(
                                    CallRows.insert(conn, plan, seqs),
                                    ToolRows.insert(conn, plan.tools, seqs).chain(() -> ToolCallLinks.answerStoredRuns(conn, plan.calls)),
                                    HttpRows.insert(conn, plan.https, seqs),
                                    Dedup.release(conn, dedup.rejected()),
                                    UsageRollups.add(conn, plan.calls, plan.costs, plan.headroom, shard),
                                    Prompts.upsert(conn, plan, shard).invoke(n -> newPrompts[0] = n).replaceWithVoid(),
                                    AssistantNames.upsert(conn, plan.accepted),
                                    ChangeNotifier.notify(conn, changed))
                            .andFailFast())
                    .map(done -> outcome.get());
        }));
    }
}
