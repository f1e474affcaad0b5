package io.apilogs.query.persistence.read;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.view.CallRow;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live explorer reads a batch's calls by the seqs the batch gave them: a read that runs after a later batch
 * committed (a late notification) takes only its own batch's calls, so no call is sent twice.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AddedCallsTest {
    @Inject
    EventWriter writer;

    @Inject
    CallListReads calls;

    @Test
    @RunOnVertxContext
    void aLateReadOfABatchTakesOnlyThatBatchsCalls(UniAsserter asserter) {
        String ws = "ws_added_" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            (i < 3 ? first : second).add(new LlmCallEvent(ws, "e" + i, new ConversationRef("conv", "Added"), new AssistantRef("a", null),
                    t0.plusSeconds(i), 100L, "call-" + i, "anthropic", "claude-haiku-4-5", null, null, null, "end_turn",
                    new Usage(10L, 1L, null, null, null, null), null, null, null));
        }
        asserter.execute(() -> writer.write(first, 0));
        asserter.execute(() -> writer.write(second, 0));
        ActivityFilter all = ActivityFilter.parse(null, null, null, null, null, null);
        // The first batch gave seqs 1-3, the second 4-5; both are committed when the first batch's read runs.
        asserter.assertThat(() -> calls.added(ws, all, List.of("conv"), List.of(1L), List.of(3L)),
                rows -> assertThat(rows).extracting(CallRow::callId).containsExactly("call-0", "call-1", "call-2"));
        asserter.assertThat(() -> calls.added(ws, all, List.of("conv"), List.of(4L), List.of(5L)),
                rows -> assertThat(rows).extracting(CallRow::callId).containsExactly("call-3", "call-4"));
    }
}
