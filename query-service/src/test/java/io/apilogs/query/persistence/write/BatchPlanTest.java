package io.apilogs.query.persistence.write;

import io.apilogs.model.Hashing;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a batch adds, worked out in memory. */
class BatchPlanTest {
    private final WriterFixture f = new WriterFixture();

    @Test
    void itemsAreSortedByKindAndConversationsByKey() {
        LlmCallEvent call = f.call("e1", "c1", "conv-b", WriterFixture.T0);
        ToolExecutionEvent tool = f.tool("e2", "conv-b", WriterFixture.T0.plusSeconds(2));
        HttpRequestEvent http = f.http("e3", "conv-a", WriterFixture.T0.plusSeconds(3));
        Event metadata = new ConversationEvent(f.workspaceId, "e4", new ConversationRef("conv-c", "Renamed"),
                new AssistantRef("assistant-a", null), WriterFixture.T0, null);
        BatchPlan plan = WriterFixture.plan(List.of(call, tool, http, metadata));
        assertThat(plan.calls).containsExactly(call);
        assertThat(plan.tools).containsExactly(tool);
        assertThat(plan.https).containsExactly(http);
        assertThat(plan.conversations.values()).extracting(d -> d.conversationId).containsExactly("conv-a", "conv-b", "conv-c");
        ConversationDelta b = plan.conversations.get(Values.key(f.workspaceId, "conv-b"));
        assertThat(b.items).containsExactly(call, tool);
        assertThat(b.calls).isEqualTo(1);
        assertThat(b.tools).isEqualTo(1);
        assertThat(plan.conversations.get(Values.key(f.workspaceId, "conv-c")).items).as("metadata only").isEmpty();
        assertThat(plan.conversations.get(Values.key(f.workspaceId, "conv-a")).errors).as("a 503 counts as an error").isEqualTo(1);
    }

    @Test
    void eachCallIsPricedOnceAndItsPromptHashedOnce() {
        LlmCallEvent first = f.call("e1", "c1", "conv", WriterFixture.T0);
        LlmCallEvent second = f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(5));
        BatchPlan plan = WriterFixture.plan(List.of(first, second));
        assertThat(plan.promptHashes.get(first)).isEqualTo(Hashing.sha256Hex("You are a careful assistant."));
        BigDecimal total = plan.costs.get(first).total().add(plan.costs.get(second).total());
        assertThat(plan.conversations.values().iterator().next().costUsd).isEqualByComparingTo(total);
        assertThat(total).isPositive();
    }
}
