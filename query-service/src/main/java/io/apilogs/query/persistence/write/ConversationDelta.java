package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What one batch adds to one conversation's roll-up row. The database merges it with the stored row, so counts add
 * up and the subject/assistant rules hold whatever order events arrive in.
 */
final class ConversationDelta {
    final String workspaceId;
    final String conversationId;
    final List<Event> items = new ArrayList<>();
    String subject;
    Instant subjectAt;
    String subjectEventId;
    /** The latest end user (by startedAt, then eventId, as the subject), or null. */
    String userId;
    String userName;
    Instant userAt;
    String userEventId;
    /** What the value filters find: {@link ItemValues} of all its events. */
    final TreeSet<String> labels = new TreeSet<>();
    String assistantId;
    Instant assistantAt;
    String assistantEventId;
    long calls;
    long tools;
    long https;
    long errors;
    long inputTokens;
    long outputTokens;
    long cacheReadTokens;
    long cacheWriteTokens;
    long reasoningTokens;
    BigDecimal costUsd;
    long unpricedCalls;
    Instant firstAt;
    Instant lastAt;
    final TreeSet<String> models = new TreeSet<>();
    /** The names of the tools its calls asked for and its tool executions ran. */
    final TreeSet<String> toolNames = new TreeSet<>();
    /** Items that already have a seq in another conversation and move here (see {@link ConversationLinks}). */
    long movedItems;
    /** The first seq this batch gave an item here (new or moved), once merged; 0 when it gave none. */
    long firstNewSeq;
    /** The last seq this batch gave an item here, once merged; 0 when it gave none. */
    long lastNewSeq;

    ConversationDelta(String workspaceId, String conversationId) {
        this.workspaceId = workspaceId;
        this.conversationId = conversationId;
    }

    /** Any event: subject, user and assistant candidates, and its labels. */
    void seeMetadata(Event event) {
        String candidate = event.conversation().subject();
        if (candidate != null && !candidate.isBlank()
                && (subjectAt == null || later(event.startedAt(), event.eventId(), subjectAt, subjectEventId))) {
            subject = candidate;
            subjectAt = event.startedAt();
            subjectEventId = event.eventId();
        }
        labels.addAll(ItemValues.of(event));
        Labels carried = event.labels();
        if (carried != null) {
            // The latest user; a name, once given, stays until a later event names that user otherwise.
            if (carried.user() != null && (userAt == null || later(event.startedAt(), event.eventId(), userAt, userEventId))) {
                String name = carried.user().name();
                userName = name != null || !carried.user().id().equals(userId) ? name : userName;
                userId = carried.user().id();
                userAt = event.startedAt();
                userEventId = event.eventId();
            } else if (carried.user() != null && userName == null && carried.user().id().equals(userId)) {
                userName = carried.user().name();
            }
        }
        if (assistantAt == null || later(assistantAt, assistantEventId, event.startedAt(), event.eventId())) {
            assistantId = event.assistant().id();
            assistantAt = event.startedAt();
            assistantEventId = event.eventId();
        }
    }

    /** A timeline item: counted, spanned and given the next seq. */
    void addItem(Event event) {
        items.add(event);
        firstAt = firstAt == null || event.startedAt().isBefore(firstAt) ? event.startedAt() : firstAt;
        Instant end = event.endedAt();
        lastAt = lastAt == null || end.isAfter(lastAt) ? end : lastAt;
        if (event instanceof ToolExecutionEvent tool) {
            tools++;
            if (tool.toolName() != null) {
                toolNames.add(tool.toolName());
            }
            if (tool.error() != null) {
                errors++;
            }
        } else if (event instanceof HttpRequestEvent http) {
            https++;
            if (http.failed()) {
                errors++;
            }
        } else if (event instanceof LlmCallEvent call) {
            calls++;
            if (call.error() != null) {
                errors++;
            }
            inputTokens = Values.add(inputTokens, call.usage().inputOrZero());
            outputTokens = Values.add(outputTokens, call.usage().outputOrZero());
            cacheReadTokens = Values.add(cacheReadTokens, call.usage().cacheReadOrZero());
            cacheWriteTokens = Values.add(cacheWriteTokens, call.usage().cacheWriteOrZero());
            reasoningTokens = Values.add(reasoningTokens, call.usage().reasoningOrZero());
            if (call.model() != null) {
                models.add(call.model());
            }
            call.response().toolCalls().forEach(asked -> {
                if (asked.name() != null) {
                    toolNames.add(asked.name());
                }
            });
        }
    }

    void addCost(BigDecimal cost) {
        if (cost == null) {
            unpricedCalls++;
        } else {
            costUsd = costUsd == null ? cost : costUsd.add(cost);
        }
    }

    private static boolean later(Instant a, String aId, Instant b, String bId) {
        int byTime = a.compareTo(b);
        return byTime > 0 || (byTime == 0 && aId.compareTo(bId) > 0);
    }
}
